using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Vigil.Detection.Alerts;
using Vigil.Detection.Suppression;
using Vigil.Server.Alerts.Delivery;

namespace Vigil.Server.Alerts;

/// <summary>
/// Alerts in SQLite (Microsoft.Data.Sqlite): the document whole (the JSON text of its <c>_source</c>) plus indexed
/// columns. WAL journal with <c>synchronous=FULL</c>: every commit is on disk before it returns — alerts could be
/// re-derived from the events, but workflow changes are an analyst's actions and must survive a crash or power
/// loss; the cost is one fsync per transaction, and transactions are one per rule execution or API call.
/// Writes go through one connection under a lock; reads open pooled connections and see the last commit.
/// </summary>
public sealed partial class SqliteAlertStore : IAlertStore, IAlertDocumentStore, ISuppressedAlertStore
{
    private static readonly JsonSerializerOptions NodeOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly object _writeGate = new();
    private readonly SqliteConnection _writer;
    private readonly string _connectionString;
    private readonly AlertStoreOptions _options;
    private readonly AlertsFileWriter? _file;
    private readonly WebhookDispatcher? _webhook;
    private bool _disposed;

    public SqliteAlertStore(string databasePath, AlertStoreOptions? options = null)
    {
        DatabasePath = databasePath;
        _options = options ?? new AlertStoreOptions();
        IndexName = ".internal.alerts-security.alerts-" + _options.SpaceId + "-000001";
        if (Path.GetDirectoryName(Path.GetFullPath(databasePath)) is { } dir)
        {
            Directory.CreateDirectory(dir);
        }
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
        _writer = Open();
        Execute(_writer, "PRAGMA journal_mode=WAL;");
        Execute(_writer, AlertSchema.Create);
        AlertSchemaMigrations.Apply(_writer);
        if (_options.AlertsFile is { } file)
        {
            _file = new AlertsFileWriter(file, IndexName);
        }
        if (_options.Webhook is { } url)
        {
            _webhook = new WebhookDispatcher(this, url, _options);
        }
    }

    public string DatabasePath { get; }

    public string IndexName { get; }

    public long Count
    {
        get
        {
            using var connection = Open();
            return Scalar(connection, "SELECT COUNT(*) FROM alerts");
        }
    }

    /// <summary>Webhook deliveries not yet acknowledged with a 2xx.</summary>
    public long PendingDeliveries
    {
        get
        {
            using var connection = Open();
            return Scalar(connection, "SELECT COUNT(*) FROM webhook_outbox");
        }
    }

    public IReadOnlyList<AlertDocument> WriteNew(IReadOnlyList<AlertDocument> alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        if (alerts.Count == 0)
        {
            return [];
        }
        // Serialise and read the columns before taking the lock: the lock only covers the inserts.
        var rows = new List<(AlertDocument Alert, string Json, AlertColumns Columns)>(alerts.Count);
        foreach (var alert in alerts)
        {
            var json = Serialize(alert.Source);
            using var parsed = JsonDocument.Parse(json);
            rows.Add((alert, json, AlertColumns.Read(parsed.RootElement)));
        }

        var created = new List<AlertDocument>();
        var createdJson = new List<(string, string)>();
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _writer.BeginTransaction();
            using var insert = Command(_writer, AlertSchema.Insert, transaction);
            using var outbox = Command(_writer, "INSERT INTO webhook_outbox (alert_id, next_attempt_ms) VALUES ($id, $due)", transaction);
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            foreach (var (alert, json, columns) in rows)
            {
                Bind(insert, alert.Id, json, columns);
                insert.Parameters.AddWithValue("$shell", alert.IsShell ? 1 : 0);
                if (insert.ExecuteNonQuery() != 1)
                {
                    continue;
                }
                created.Add(alert);
                createdJson.Add((alert.Id, json));
                // Kibana's actions notify per alert: shells and single-event alerts, never building blocks.
                if (_webhook is not null && !alert.IsBuildingBlock)
                {
                    outbox.Parameters.Clear();
                    outbox.Parameters.AddWithValue("$id", alert.Id);
                    outbox.Parameters.AddWithValue("$due", now);
                    outbox.ExecuteNonQuery();
                }
            }
            transaction.Commit();
        }
        _file?.Append(createdJson);
        if (created.Count > 0)
        {
            _webhook?.Notify();
        }
        return created;
    }

    public bool Contains(string id)
    {
        using var connection = Open();
        using var command = Command(connection, "SELECT 1 FROM alerts WHERE id = $id");
        command.Parameters.AddWithValue("$id", id);
        return command.ExecuteScalar() is not null;
    }

    public StoredAlert? Get(string id)
    {
        using var connection = Open();
        using var command = Command(connection, "SELECT rowid, id, doc FROM alerts WHERE id = $id");
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new StoredAlert(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)) : null;
    }

    public IEnumerable<StoredAlert> Find(AlertPrefilter? prefilter)
    {
        using var connection = Open();
        var sql = "SELECT rowid, id, doc FROM alerts" + (prefilter is { IsEmpty: false } ? " WHERE " + prefilter.WhereClause : "") + " ORDER BY rowid";
        using var command = Command(connection, sql);
        if (prefilter is not null)
        {
            for (var i = 0; i < prefilter.Parameters.Count; i++)
            {
                command.Parameters.AddWithValue("$p" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), prefilter.Parameters[i]);
            }
        }
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return new StoredAlert(reader.GetInt64(0), reader.GetString(1), reader.GetString(2));
        }
    }

    /// <summary>
    /// Raised after <see cref="Update"/> committed, with the new text of each rewritten document (cluster mode
    /// publishes them so every worker's store takes the same status change). Not raised by <see cref="Replace"/>.
    /// </summary>
    public event Action<IReadOnlyList<(string Id, string Json)>>? Rewritten;

    /// <summary>
    /// Stores the given text for each id already stored (another worker's status change, in stream order); ids not
    /// stored are skipped. Returns how many were replaced.
    /// </summary>
    public int Replace(IReadOnlyList<(string Id, string Json)> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var replaced = 0;
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _writer.BeginTransaction();
            using var rewrite = Command(_writer, AlertSchema.Rewrite, transaction);
            foreach (var (id, json) in documents)
            {
                AlertColumns columns;
                try
                {
                    using var parsed = JsonDocument.Parse(json);
                    columns = AlertColumns.Read(parsed.RootElement);
                }
                catch (JsonException)
                {
                    continue;
                }
                Bind(rewrite, id, json, columns);
                replaced += rewrite.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        return replaced;
    }

    public int Update(IReadOnlyCollection<string> ids, Func<JsonObject, bool> mutate)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(mutate);
        var found = 0;
        var rewritten = new List<(string, string)>();
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _writer.BeginTransaction();
            using var select = Command(_writer, "SELECT doc FROM alerts WHERE id = $id", transaction);
            using var rewrite = Command(_writer, AlertSchema.Rewrite, transaction);
            foreach (var id in ids.Distinct(StringComparer.Ordinal))
            {
                select.Parameters.Clear();
                select.Parameters.AddWithValue("$id", id);
                if (select.ExecuteScalar() is not string json || JsonNode.Parse(json) is not JsonObject doc)
                {
                    continue;
                }
                found++;
                if (!mutate(doc))
                {
                    continue;
                }
                var text = doc.ToJsonString(NodeOptions);
                using var parsed = JsonDocument.Parse(text);
                Bind(rewrite, id, text, AlertColumns.Read(parsed.RootElement));
                rewrite.ExecuteNonQuery();
                rewritten.Add((id, text));
            }
            transaction.Commit();
        }
        if (rewritten.Count > 0)
        {
            Rewritten?.Invoke(rewritten);
        }
        return found;
    }

    public IReadOnlyList<StoredSuppressedAlert> OpenAlertsOf(string instanceId)
    {
        using var connection = Open();
        // Only suppressed alerts carry an instance id; the closed ones are never extended (Kibana's query excludes them).
        using var command = Command(connection, """
            SELECT id, doc FROM alerts
            WHERE json_extract(doc, '$."kibana.alert.instance.id"') = $instance
              AND (workflow_status IS NULL OR workflow_status <> 'closed')
            """);
        command.Parameters.AddWithValue("$instance", instanceId);
        var result = new List<StoredSuppressedAlert>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (SuppressedAlertFields.Read(reader.GetString(0), reader.GetString(1)) is { } alert)
            {
                result.Add(alert);
            }
        }
        return result;
    }

    public void Update(StoredSuppressedAlert alert, DateTimeOffset lastDetected)
    {
        ArgumentNullException.ThrowIfNull(alert);
        Update([alert.Id], doc => SuppressedAlertFields.Write(doc, alert, lastDetected));
    }

    internal List<OutboxItem> DueDeliveries(long nowMs, int limit)
    {
        using var connection = Open();
        using var command = Command(connection, """
            SELECT o.seq, o.alert_id, o.attempts, a.doc FROM webhook_outbox o LEFT JOIN alerts a ON a.id = o.alert_id
            WHERE o.next_attempt_ms <= $now ORDER BY o.seq LIMIT $limit
            """);
        command.Parameters.AddWithValue("$now", nowMs);
        command.Parameters.AddWithValue("$limit", limit);
        var result = new List<OutboxItem>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Add(new OutboxItem(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }
        return result;
    }

    internal long? NextDeliveryDue()
    {
        using var connection = Open();
        using var command = Command(connection, "SELECT MIN(next_attempt_ms) FROM webhook_outbox");
        return command.ExecuteScalar() is long due ? due : null;
    }

    internal void Delivered(long sequence) => WriteOutbox("DELETE FROM webhook_outbox WHERE seq = $seq", sequence, 0, 0, null);

    internal void DeliveryFailed(long sequence, int attempts, long nextAttemptMs, string error) =>
        WriteOutbox("UPDATE webhook_outbox SET attempts = $attempts, next_attempt_ms = $next, last_error = $error WHERE seq = $seq",
            sequence, attempts, nextAttemptMs, error);

    private void WriteOutbox(string sql, long sequence, int attempts, long next, string? error)
    {
        lock (_writeGate)
        {
            if (_disposed)
            {
                return;
            }
            using var command = Command(_writer, sql);
            command.Parameters.AddWithValue("$seq", sequence);
            if (error is not null)
            {
                command.Parameters.AddWithValue("$attempts", attempts);
                command.Parameters.AddWithValue("$next", next);
                command.Parameters.AddWithValue("$error", error);
            }
            command.ExecuteNonQuery();
        }
    }

    public void Dispose()
    {
        // The dispatcher first: it reads and writes through this store.
        _webhook?.Dispose();
        lock (_writeGate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _writer.Dispose();
        }
        using var pooled = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(pooled);
    }

    internal static string Serialize(AlertSource source)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, AlertJsonWriter.WriterOptions))
        {
            AlertJsonWriter.WriteSource(writer, source);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        // Per connection: FULL makes each WAL commit durable; the busy timeout covers another process's checkpoint.
        Execute(connection, "PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000;");
        return connection;
    }

    private static void Bind(SqliteCommand command, string id, string json, AlertColumns c)
    {
        command.Parameters.Clear();
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$ts", (object?)c.TimestampMs ?? DBNull.Value);
        command.Parameters.AddWithValue("$orig", (object?)c.OriginalTimeMs ?? DBNull.Value);
        command.Parameters.AddWithValue("$ruuid", (object?)c.RuleUuid ?? DBNull.Value);
        command.Parameters.AddWithValue("$rid", (object?)c.RuleId ?? DBNull.Value);
        command.Parameters.AddWithValue("$rname", (object?)c.RuleName ?? DBNull.Value);
        command.Parameters.AddWithValue("$sev", (object?)c.Severity ?? DBNull.Value);
        command.Parameters.AddWithValue("$risk", (object?)c.RiskScore ?? DBNull.Value);
        command.Parameters.AddWithValue("$host", (object?)c.HostName ?? DBNull.Value);
        command.Parameters.AddWithValue("$user", (object?)c.UserName ?? DBNull.Value);
        command.Parameters.AddWithValue("$status", (object?)c.WorkflowStatus ?? DBNull.Value);
        command.Parameters.AddWithValue("$bb", c.BuildingBlock ? 1 : 0);
        command.Parameters.AddWithValue("$group", (object?)c.GroupId ?? DBNull.Value);
        command.Parameters.AddWithValue("$reason", (object?)c.Reason ?? DBNull.Value);
        command.Parameters.AddWithValue("$doc", json);
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = Command(connection, sql);
        command.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = Command(connection, sql);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
