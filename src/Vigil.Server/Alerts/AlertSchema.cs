namespace Vigil.Server.Alerts;

/// <summary>The alert database's tables: the documents with their indexed columns, and the webhook outbox.</summary>
internal static class AlertSchema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS alerts (
            id TEXT PRIMARY KEY NOT NULL,
            ts_ms INTEGER,
            original_ms INTEGER,
            rule_uuid TEXT,
            rule_id TEXT,
            rule_name TEXT,
            severity TEXT,
            risk_score REAL,
            host_name TEXT,
            user_name TEXT,
            workflow_status TEXT,
            building_block INTEGER NOT NULL,
            group_id TEXT,
            is_shell INTEGER NOT NULL,
            doc TEXT NOT NULL,
            reason TEXT
        );
        CREATE INDEX IF NOT EXISTS alerts_ts ON alerts(ts_ms);
        CREATE INDEX IF NOT EXISTS alerts_original ON alerts(original_ms);
        CREATE INDEX IF NOT EXISTS alerts_rule_uuid ON alerts(rule_uuid);
        CREATE INDEX IF NOT EXISTS alerts_rule_id ON alerts(rule_id);
        CREATE INDEX IF NOT EXISTS alerts_rule_name ON alerts(rule_name);
        CREATE INDEX IF NOT EXISTS alerts_severity ON alerts(severity);
        CREATE INDEX IF NOT EXISTS alerts_risk ON alerts(risk_score);
        CREATE INDEX IF NOT EXISTS alerts_host ON alerts(host_name);
        CREATE INDEX IF NOT EXISTS alerts_user ON alerts(user_name);
        CREATE INDEX IF NOT EXISTS alerts_status ON alerts(workflow_status);
        CREATE INDEX IF NOT EXISTS alerts_group ON alerts(group_id);
        -- The triage list: shells and single alerts (no building blocks) newest first, by status or all. Severity and
        -- rule name ride along so the page's counts and histogram are read from the index alone, never from the rows
        -- (each row holds its whole document: a table scan of 10,000 alerts reads tens of MB).
        DROP INDEX IF EXISTS alerts_triage;
        DROP INDEX IF EXISTS alerts_triage_all;
        CREATE INDEX IF NOT EXISTS alerts_triage_covering ON alerts(building_block, workflow_status, ts_ms, severity, rule_name);
        CREATE INDEX IF NOT EXISTS alerts_triage_all_covering ON alerts(building_block, ts_ms, severity, rule_name);
        CREATE INDEX IF NOT EXISTS alerts_instance ON alerts(json_extract(doc, '$."kibana.alert.instance.id"'));
        CREATE TABLE IF NOT EXISTS webhook_outbox (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            alert_id TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_ms INTEGER NOT NULL,
            last_error TEXT
        );
        CREATE INDEX IF NOT EXISTS webhook_outbox_due ON webhook_outbox(next_attempt_ms);
        """;

    public const string Insert = """
        INSERT OR IGNORE INTO alerts (id, ts_ms, original_ms, rule_uuid, rule_id, rule_name, severity, risk_score,
            host_name, user_name, workflow_status, building_block, group_id, is_shell, doc, reason)
        VALUES ($id, $ts, $orig, $ruuid, $rid, $rname, $sev, $risk, $host, $user, $status, $bb, $group, $shell, $doc, $reason)
        """;

    public const string Rewrite = """
        UPDATE alerts SET ts_ms = $ts, original_ms = $orig, rule_uuid = $ruuid, rule_id = $rid, rule_name = $rname,
            severity = $sev, risk_score = $risk, host_name = $host, user_name = $user, workflow_status = $status,
            building_block = $bb, group_id = $group, doc = $doc, reason = $reason
        WHERE id = $id
        """;
}
