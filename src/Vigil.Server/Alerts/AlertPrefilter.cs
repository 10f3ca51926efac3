using System.Text;

namespace Vigil.Server.Alerts;

/// <summary>
/// Necessary conditions of a query over the indexed columns, ANDed into an SQL <c>WHERE</c>: the rows it keeps are a
/// superset of the matches (every condition also admits NULL, the value of a column whose field is absent or
/// multi-valued), and the query proper is then evaluated on each document.
/// </summary>
public sealed class AlertPrefilter
{
    private readonly StringBuilder _where = new();
    private readonly List<object?> _parameters = [];

    public bool IsEmpty => _where.Length == 0;

    internal string WhereClause => _where.ToString();

    internal IReadOnlyList<object?> Parameters => _parameters;

    /// <summary>Adds <c>column op value</c> (or NULL). <paramref name="op"/> is one of = &lt; &lt;= &gt; &gt;=.</summary>
    internal void Compare(string column, string op, object value)
    {
        var p = Add(value);
        Append($"({column} {op} {p} OR {column} IS NULL)");
    }

    /// <summary>Adds <c>column IN (values)</c> (or NULL), the values passed as one JSON array.</summary>
    internal void In(string column, IReadOnlyList<string> values)
    {
        var p = Add(System.Text.Json.JsonSerializer.Serialize(values));
        Append($"({column} IN (SELECT value FROM json_each({p})) OR {column} IS NULL)");
    }

    /// <summary>Adds a condition on a never-null flag column.</summary>
    internal void Flag(string column, bool value) => Append($"{column} = {(value ? 1 : 0)}");

    private string Add(object value)
    {
        _parameters.Add(value);
        return "$p" + _parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private void Append(string condition)
    {
        if (_where.Length > 0)
        {
            _where.Append(" AND ");
        }
        _where.Append(condition);
    }
}
