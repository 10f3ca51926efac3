namespace Vigil.Cli;

/// <summary>
/// Usage examples per command path (e.g. <c>rules test</c>), printed after each command's help so that the
/// one-line descriptions stay short in <c>vigil --help</c>'s command list.
/// </summary>
public static class CommandExamples
{
    private static readonly Dictionary<string, string[]> Examples = new(StringComparer.Ordinal)
    {
        [""] =
        [
            "vigil scan --rules rules examples/",
            "vigil rules test rules/",
            "vigil explain --rule rules/linux/command_and_control_cat_network_activity.toml events.ndjson",
        ],
        ["parse"] = ["vigil parse 'process where process.name == \"cat\"'", "vigil parse --json 'sequence by host.id [process where true] [network where true]'"],
        ["validate"] = ["vigil validate rules/", "vigil validate --format json --warnings rules/linux/"],
        ["query"] =
        [
            "vigil query 'process where process.name == \"cat\"' examples/defend-linux-sample.ndjson",
            "vigil query 'sequence by host.id [process where true] [network where true]' events.ndjson --size 10",
            "vigil query 'process where event.action == \"exec\" | tail 5' logs/ --format ids",
            "vigil query 'sequence by host.id [process where true] [network where true]' events.ndjson.gz --reorder-window 30",
        ],
        ["conformance"] = ["vigil conformance --es-corpus ../shared/corpus/eql-elasticsearch", "vigil conformance --suite cases.toml --data events.ndjson"],
        ["generate"] = ["vigil generate --out events.ndjson.gz --hosts 5 --events 100000 --labels labels.jsonl", "vigil generate --out - --events 100 --scenarios cat-network"],
        ["bench"] =
        [
            "vigil bench --events /tmp/defend.ndjson --rules rules",
            "vigil bench --events /tmp/defend.ndjson --query 'process where process.name == \"cat\"' --phases tokenize,prefilter,full",
        ],
        ["scan"] =
        [
            "vigil scan --rules rules examples/",
            "vigil scan --rules rules --format table --stats events.ndjson.gz",
            "vigil scan --rules rules --schedule --output alerts.ndjson events/",
        ],
        ["rules"] = ["vigil rules list rules/", "vigil rules show afd04601-12fc-4149-9b78-9c3f8fe45d39 --rules rules", "vigil rules test rules/"],
        ["rules list"] = ["vigil rules list rules/", "vigil rules list --format json rules/linux/"],
        ["rules show"] = ["vigil rules show rules/linux/command_and_control_cat_network_activity.toml", "vigil rules show afd04601-12fc-4149-9b78-9c3f8fe45d39 --rules rules --lang zh-CN"],
        ["rules test"] = ["vigil rules test rules/", "vigil rules test rules/linux/command_and_control_cat_network_activity.toml"],
        ["guide"] = ["vigil guide alerts.ndjson --id 0f3c...", "vigil guide --rule rules/linux/command_and_control_cat_network_activity.toml --format md", "vigil guide alerts.ndjson --id 0f3c... --run"],
        ["osquery"] =
        [
            "vigil osquery \"SELECT pid, address, port, protocol FROM listening_ports\"",
            "vigil osquery --format json \"SELECT pid, username, name FROM processes p JOIN users u ON u.uid = p.uid\"",
            "vigil osquery --osquery osqueryi \"SELECT * FROM kernel_modules\"",
        ],
        ["explain"] =
        [
            "vigil explain --rule rules/linux/command_and_control_cat_network_activity.toml events.ndjson",
            "vigil explain --rule afd04601-12fc-4149-9b78-9c3f8fe45d39 --rules rules events/",
        ],
        ["serve"] =
        [
            "vigil serve --rules rules --data /var/lib/vigil",
            "vigil serve --rules rules --data /var/lib/vigil --listen 0.0.0.0:9200 --api-key shipper:s3cret --tls-cert cert.pem --tls-key key.pem",
        ],
        ["agent"] =
        [
            "vigil agent --output events.ndjson",
            "vigil agent --rules rules --alerts alerts.jsonl --ship http://127.0.0.1:9200",
        ],
    };

    /// <summary>The examples for a command path (words after <c>vigil</c>, space-separated; "" for the root).</summary>
    public static IReadOnlyList<string> For(string commandPath) => Examples.TryGetValue(commandPath, out var e) ? e : [];

    /// <summary>Every command path that has examples.</summary>
    public static IEnumerable<string> Paths => Examples.Keys;
}
