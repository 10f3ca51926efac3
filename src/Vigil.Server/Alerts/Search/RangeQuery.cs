using System.Text.Json;

namespace Vigil.Server.Alerts.Search;

/// <summary>
/// <c>range</c> with gt/gte/lt/lte, compared as dates (epoch ms, date math against the service clock), numbers, or
/// keyword strings, as the bounds and the field say.
/// </summary>
internal sealed class RangeQuery : QueryNode
{
    private readonly string _field;
    private readonly RangeKind _kind;
    private readonly RangeBound? _lower;
    private readonly RangeBound? _upper;

    public RangeQuery(string field, RangeKind kind, RangeBound? lower, RangeBound? upper)
    {
        _field = field;
        _kind = kind;
        _lower = lower;
        _upper = upper;
    }

    public override bool Matches(AlertView doc)
    {
        foreach (var v in doc.Values(_field))
        {
            if (InRange(v))
            {
                return true;
            }
        }
        return false;
    }

    private bool InRange(JsonElement v)
    {
        switch (_kind)
        {
            case RangeKind.Date:
                if (!DslValues.TryDate(v, out var ms)) return false;
                return Within(ms);
            case RangeKind.Number:
                if (!DslValues.TryNumber(v, out var n)) return false;
                return Within(n);
            default:
                if (DslValues.Text(v) is not { } s) return false;
                if (_lower is { } lo && string.CompareOrdinal(s, lo.Text) is var c1 && (lo.Inclusive ? c1 < 0 : c1 <= 0)) return false;
                if (_upper is { } hi && string.CompareOrdinal(s, hi.Text) is var c2 && (hi.Inclusive ? c2 > 0 : c2 >= 0)) return false;
                return true;
        }
    }

    private bool Within(double x)
    {
        if (_lower is { } lo && (lo.Inclusive ? x < lo.Number : x <= lo.Number)) return false;
        if (_upper is { } hi && (hi.Inclusive ? x > hi.Number : x >= hi.Number)) return false;
        return true;
    }

    public override void Prefilter(AlertPrefilter prefilter)
    {
        if (_kind == RangeKind.Text || !AlertColumns.Indexed.TryGetValue(_field, out var column)
            || column.Kind != (_kind == RangeKind.Date ? ColumnKind.Date : ColumnKind.Number))
        {
            return;
        }
        if (_lower is { } lo)
        {
            prefilter.Compare(column.Column, lo.Inclusive ? ">=" : ">", _kind == RangeKind.Date ? (object)(long)lo.Number : lo.Number);
        }
        if (_upper is { } hi)
        {
            prefilter.Compare(column.Column, hi.Inclusive ? "<=" : "<", _kind == RangeKind.Date ? (object)(long)hi.Number : hi.Number);
        }
    }
}

/// <summary>How a range compares.</summary>
internal enum RangeKind
{
    Date,
    Number,
    Text,
}

/// <summary>One end of a range: the number (or epoch ms) or text, and whether it is included.</summary>
internal readonly record struct RangeBound(double Number, string Text, bool Inclusive);
