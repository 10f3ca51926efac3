using System.Text;

namespace Vigil.Server.Ingest;

/// <summary>Elasticsearch's rules for index and data stream names, checked per item (a bad name fails that item only).</summary>
public static class IndexNames
{
    private const string Forbidden = "\\/*?\"<>| ,#:";

    /// <summary>Null when <paramref name="name"/> is a valid index name; otherwise the reason, in Elasticsearch's words.</summary>
    public static string? Problem(string name)
    {
        if (name.Length == 0)
        {
            return "Invalid index name [], must not be empty";
        }
        if (name is "." or "..")
        {
            return $"Invalid index name [{name}], must not be '.' or '..'";
        }
        if (name[0] is '_' or '-' or '+')
        {
            return $"Invalid index name [{name}], must not start with '_', '-', or '+'";
        }
        foreach (char c in name)
        {
            if (Forbidden.Contains(c, StringComparison.Ordinal))
            {
                return $"Invalid index name [{name}], must not contain the following characters [{Forbidden}]";
            }
            if (char.IsUpper(c))
            {
                return $"Invalid index name [{name}], must be lowercase";
            }
        }
        if (Encoding.UTF8.GetByteCount(name) > 255)
        {
            return $"Invalid index name [{name}], index name is too long, (> 255)";
        }
        return null;
    }

    /// <summary>Null when <paramref name="id"/> is acceptable as an explicit <c>_id</c>.</summary>
    public static string? IdProblem(string id)
    {
        if (id.Length == 0)
        {
            return "if _id is specified it must not be empty";
        }
        int bytes = Encoding.UTF8.GetByteCount(id);
        return bytes > 512 ? $"id [{id}] is too long, must be no longer than 512 bytes but was: {bytes}" : null;
    }
}
