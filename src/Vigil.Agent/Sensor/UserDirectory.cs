namespace Vigil.Agent.Sensor;

/// <summary>User and group names by id, from /etc/passwd and /etc/group; re-read when an unknown id shows up.</summary>
public sealed class UserDirectory
{
    private readonly string passwdPath;
    private readonly string groupPath;
    private Dictionary<int, string> users = [];
    private Dictionary<int, string> groups = [];
    private long lastReloadTicks;

    public UserDirectory(string passwdPath = "/etc/passwd", string groupPath = "/etc/group")
    {
        this.passwdPath = passwdPath;
        this.groupPath = groupPath;
        Reload();
    }

    public string? UserName(int uid) => Lookup(ref users, uid);

    public string? GroupName(int gid) => Lookup(ref groups, gid);

    private string? Lookup(ref Dictionary<int, string> names, int id)
    {
        if (names.TryGetValue(id, out var name))
        {
            return name;
        }
        // A new account: re-read, at most once a second (a uid with no name must not cost a file read per event).
        if (Environment.TickCount64 - lastReloadTicks > 1000)
        {
            Reload();
            return names.GetValueOrDefault(id);
        }
        return null;
    }

    private void Reload()
    {
        lastReloadTicks = Environment.TickCount64;
        users = Read(passwdPath);
        groups = Read(groupPath);
    }

    // name:x:id:... — the first and third fields; malformed lines are skipped (the file is the system's, not input).
    private static Dictionary<int, string> Read(string path)
    {
        var names = new Dictionary<int, string>();
        if (!File.Exists(path))
        {
            return names;
        }
        foreach (var line in File.ReadLines(path))
        {
            var fields = line.Split(':');
            if (fields.Length >= 3 && int.TryParse(fields[2], out var id))
            {
                names.TryAdd(id, fields[0]);
            }
        }
        return names;
    }
}
