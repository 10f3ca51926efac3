using System.Text.Json.Nodes;

namespace Vigil.Server.Alerts.Workflow;

/// <summary>
/// The document edits of Kibana's workflow scripts (update_alerts_workflow_status / _tags / _assignees), applied to
/// the top-level dotted keys the alert carries.
/// </summary>
internal static class AlertMutations
{
    public const string Status = "kibana.alert.workflow_status";
    public const string User = "kibana.alert.workflow_user";
    public const string UpdatedAt = "kibana.alert.workflow_status_updated_at";
    public const string Reason = "kibana.alert.workflow_reason";
    public const string Tags = "kibana.alert.workflow_tags";
    public const string Assignees = "kibana.alert.workflow_assignee_ids";

    /// <summary>
    /// Kibana's status script: only an alert that has a status and a different one changes; it gets the new status,
    /// the user (null without authentication), the time, and the reason (removed when none is given).
    /// </summary>
    public static Func<JsonObject, bool> SetStatus(string status, string? user, string updatedAt, string? reason) => doc =>
    {
        var changed = false;
        if (doc[Status] is JsonValue current && current.ToString() != status)
        {
            doc[Status] = status;
            doc[User] = user;
            doc[UpdatedAt] = updatedAt;
            if (reason is not null)
            {
                doc[Reason] = reason;
            }
            else
            {
                doc.Remove(Reason);
            }
            changed = true;
        }
        // Legacy signals keep their status in signal.status too.
        if (doc["signal"] is JsonObject signal && signal["status"] is not null)
        {
            signal["status"] = status;
            changed = true;
        }
        return changed;
    };

    /// <summary>Kibana's tags and assignees scripts: keep what is not removed, append what is added and not yet present.</summary>
    public static Func<JsonObject, bool> EditList(string key, IReadOnlyList<string> add, IReadOnlyList<string> remove) => doc =>
    {
        var toAdd = add.Distinct(StringComparer.Ordinal).ToList();
        var list = new JsonArray();
        if (doc[key] is JsonArray existing)
        {
            var kept = new List<string>();
            foreach (var item in existing)
            {
                var text = item?.ToString() ?? "";
                if (!remove.Contains(text, StringComparer.Ordinal))
                {
                    kept.Add(text);
                }
            }
            foreach (var item in toAdd)
            {
                if (!kept.Contains(item, StringComparer.Ordinal))
                {
                    kept.Add(item);
                }
            }
            kept.ForEach(k => list.Add(k));
        }
        else
        {
            toAdd.ForEach(k => list.Add(k));
        }
        var before = doc[key]?.ToJsonString();
        doc[key] = list;
        return before != list.ToJsonString();
    };
}
