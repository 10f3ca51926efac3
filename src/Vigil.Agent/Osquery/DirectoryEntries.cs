namespace Vigil.Agent.Osquery;

/// <summary>
/// The names in one directory, sorted (as glob(3) returns them), hidden ones included; a directory that cannot be
/// read is reported once in the warnings with its path and reason, and contributes nothing.
/// </summary>
internal static class DirectoryEntries
{
    public static List<string> Names(string directory, List<string> warnings)
    {
        var names = new List<string>();
        try
        {
            var options = new EnumerationOptions { IgnoreInaccessible = false, AttributesToSkip = 0, RecurseSubdirectories = false };
            foreach (string entry in Directory.EnumerateFileSystemEntries(directory, "*", options))
            {
                names.Add(Path.GetFileName(entry));
            }
        }
        catch (UnauthorizedAccessException)
        {
            warnings.Add($"file: {directory}: permission denied; its entries are left out");
            return [];
        }
        catch (DirectoryNotFoundException)
        {
            return []; // Removed while we walked, or not a directory: nothing to list.
        }
        catch (IOException ex)
        {
            warnings.Add($"file: {directory}: cannot be listed ({ex.Message}); its entries are left out");
            return [];
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }
}
