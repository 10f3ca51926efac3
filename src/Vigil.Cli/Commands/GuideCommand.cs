using System.CommandLine;
using Vigil.Rules.Guides;

namespace Vigil.Cli.Commands;

/// <summary>`vigil guide`: an alert's investigation guide, filled from the alert, for a terminal, HTML or Markdown.</summary>
public static class GuideCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var alertArgument = new Argument<string?>("alert")
        {
            Description = "An alert: a JSON object, a file of alerts (JSON lines), or - for standard input.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var idOption = new Option<string?>("--id") { Description = "The alert to use (its kibana.alert.uuid, or any unique prefix of it, such as the 12 characters the scan table shows) when the input has several." };
        var rulesOption = new Option<string?>("--rules") { Description = "Rule files or folder: use the current rule text (matched by rule_id) instead of the note the alert carries." };
        var ruleOption = new Option<string?>("--rule") { Description = "One rule file: render its guide (without an alert, placeholders stay as they are)." };
        var langOption = new Option<string?>("--lang") { Description = "Language of the guide, e.g. zh-CN (needs the rule text: --rules, --rule, or ./rules)." };
        var formatOption = new Option<string>("--format")
        {
            Description = "Output format: terminal (default), html, md.",
            DefaultValueFactory = _ => "terminal",
        };
        formatOption.AcceptOnlyFromAmong("terminal", "html", "md");
        var runOption = new Option<bool>("--run") { Description = "Run the filled Osquery queries on this host and print their rows after the guide (terminal and md formats)." };
        var osqueryOption = OsqueryCommand.OsqueryiOption();
        var utmpOption = OsqueryCommand.UtmpOption();

        var command = new Command("guide", "Show an alert's investigation guide with its Osquery queries filled in and ready to run.");
        command.Arguments.Add(alertArgument);
        command.Options.Add(idOption);
        command.Options.Add(rulesOption);
        command.Options.Add(ruleOption);
        command.Options.Add(langOption);
        command.Options.Add(formatOption);
        command.Options.Add(runOption);
        command.Options.Add(osqueryOption);
        command.Options.Add(utmpOption);
        command.SetAction(parseResult =>
        {
            var request = new GuideRequest(
                parseResult.GetValue(alertArgument),
                parseResult.GetValue(idOption),
                parseResult.GetValue(rulesOption),
                parseResult.GetValue(ruleOption),
                parseResult.GetValue(langOption),
                parseResult.GetValue(formatOption) ?? "terminal",
                parseResult.GetValue(runOption),
                parseResult.GetValue(osqueryOption),
                parseResult.GetValue(utmpOption));
            return GuideRunner.Run(request, Console.In, Console.Out, Console.Error, UseColor(), Directory.GetCurrentDirectory());
        });
        return command;
    }

    private static bool UseColor() =>
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        && !Console.IsOutputRedirected
        && !string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);
}
