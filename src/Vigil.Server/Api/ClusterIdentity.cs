using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Vigil.Server.Api;

/// <summary>
/// What Vigil says about itself where Elasticsearch reports its cluster and build: the configured version
/// (<c>--es-version</c>; clients check the major), the Lucene and compatibility versions that go with that major, and a
/// cluster uuid drawn once and kept under <c>--data</c> so it survives restarts as a real cluster's does.
/// </summary>
public sealed class ClusterIdentity
{
    public const string Name = "vigil";

    private ClusterIdentity(string version, string uuid, string nodeId)
    {
        Version = version;
        Uuid = uuid;
        NodeId = nodeId;
        int major = int.TryParse(version.Split('.')[0], NumberStyles.None, CultureInfo.InvariantCulture, out int m) ? m : 9;
        (LuceneVersion, MinimumWireVersion, MinimumIndexVersion) = major switch
        {
            >= 9 => ("10.3.1", "8.19.0", "8.0.0"),
            8 => ("9.12.0", "7.17.0", "7.0.0"),
            7 => ("8.11.3", "6.8.0", "6.0.0-beta1"),
            _ => ("7.7.3", "5.6.0", "5.0.0"),
        };
        BuildHash = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes("vigil " + version)));
    }

    public string Version { get; }

    public string Uuid { get; }

    /// <summary>The one node's id (22 characters, as Elasticsearch's are), derived from the cluster uuid.</summary>
    public string NodeId { get; }

    public string LuceneVersion { get; }

    public string MinimumWireVersion { get; }

    public string MinimumIndexVersion { get; }

    public string BuildHash { get; }

    public static string BuildDate => "2025-10-01T00:00:00.000Z";

    /// <summary>Reads or creates <c>DATA/config/cluster_uuid</c>.</summary>
    public static ClusterIdentity Load(string dataDirectory, string version)
    {
        string folder = Path.Combine(dataDirectory, "config");
        Directory.CreateDirectory(folder);
        string file = Path.Combine(folder, "cluster_uuid");
        string uuid = File.Exists(file) ? File.ReadAllText(file).Trim() : "";
        if (uuid.Length != 22)
        {
            uuid = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            File.WriteAllText(file, uuid + "\n");
        }
        string node = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("node " + uuid)).AsSpan(0, 16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return new ClusterIdentity(version, uuid, node);
    }
}
