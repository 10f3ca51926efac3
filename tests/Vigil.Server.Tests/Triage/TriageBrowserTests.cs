using System.Text.Json.Nodes;
using OpenQA.Selenium;
using Vigil.Server.Tests.Scheduling;
using Xunit.Abstractions;

namespace Vigil.Server.Tests.Triage;

/// <summary>
/// The page in real headless Chromium against a real service on loopback with the manual clock: alerts stream in,
/// the detail shows the filled guide, workflow changes persist, and event values never run as script.
/// </summary>
[Collection(TriageBrowserCollection.Name)]
public sealed class TriageBrowserTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Spacing = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Alerts_appear_without_reload_and_an_acknowledged_alert_stays_acknowledged_after_a_reload()
    {
        var (events, expected) = ScheduleTestData.SpreadFixtures(ScheduleTestData.FixtureTime + TimeSpan.FromSeconds(30), Spacing);
        Assert.True(expected >= 12, $"the fixtures' headers promise {expected} sequences");
        await using var host = await TriageHost.StartAsync();
        using var browser = Browser.Start();
        var driver = browser.Driver;

        driver.Navigate().GoToUrl(new Uri(host.BaseAddress, "/#/alerts?poll=1"));
        browser.Until(d => d.FindElement(By.CssSelector("#alert-rows td.empty")).Displayed, "the empty list");
        Assert.Equal("open", driver.FindElement(By.Id("f-status")).GetAttribute("value"));

        // Shippers send what has happened by each run; the clock moves on five minutes a run, as Kibana schedules.
        var pending = events.OrderBy(e => e.Time).ToList();
        var clock = ScheduleTestData.FixtureTime;
        for (var run = 1; run <= 3; run++)
        {
            clock += TimeSpan.FromMinutes(5);
            var batch = pending.Where(e => e.Time < clock).ToList();
            pending.RemoveAll(batch.Contains);
            if (batch.Count > 0)
            {
                await host.BulkAsync(batch.Select(e => (e.Index, e.Source)));
            }
            await host.AdvanceAsync("5m");
        }
        Assert.Empty(pending);

        // The page, never reloaded, shows every sequence once (building blocks folded under their shell).
        browser.Until(d => browser.AlertRows().Count == expected, $"{expected} alert rows without a reload");
        Assert.Equal(expected, await host.CountAsync("open"));
        Assert.Empty(driver.FindElements(By.CssSelector("#alert-rows tr.block")));
        Assert.Equal($"By severity ({expected})", driver.FindElement(By.CssSelector("#by-severity h2")).GetAttribute("textContent"));
        Assert.Contains("Network Activity Detected via cat", driver.FindElement(By.Id("by-rule")).Text, StringComparison.Ordinal);
        Assert.NotEmpty(driver.FindElements(By.CssSelector("#histogram svg rect")));
        browser.Until(d => d.FindElements(By.CssSelector("#histogram svg rect")).Count == 40, "the histogram's 40 bars");
        var times = browser.AlertRows().Select(r => r.FindElement(By.CssSelector("td.time")).Text).ToList();
        Assert.Equal(times.OrderByDescending(t => t, StringComparer.Ordinal), times);
        CopyForReadme(browser.Screenshot("alerts"));

        // A shell unfolds into its two building blocks: the exec, then the connection (the rule is a two-stage sequence).
        // One whose shell kept the user (a sequence whose events name different users loses it, as in Kibana).
        var first = browser.AlertRows().First(r => r.FindElement(By.CssSelector("td.user")).Text.Length > 0);
        var id = first.GetAttribute("data-id")!;
        first.FindElement(By.CssSelector("button.fold")).Click();
        browser.Until(d => d.FindElements(By.CssSelector("#alert-rows tr.block")).Count == 2, "two building-block rows");

        // The detail: the sequence in order, the guide with its queries filled from the alert, ATT&CK links.
        var source = await host.AlertAsync(id);
        var user = source["user"]!["name"]!.GetValue<string>();
        driver.FindElement(By.CssSelector($"#alert-rows tr.alert[data-id='{id}'] td.reason")).Click();
        browser.Until(d => d.FindElement(By.Id("queries")).Displayed, "the guide's queries");
        Assert.Equal("Network Activity Detected via cat", driver.FindElement(By.Id("alert-title")).Text);
        var stages = driver.FindElements(By.CssSelector("#sequence tr.stage"));
        Assert.Equal(2, stages.Count);
        Assert.StartsWith("process", stages[0].FindElements(By.TagName("td"))[2].Text, StringComparison.Ordinal);
        Assert.StartsWith("network", stages[1].FindElements(By.TagName("td"))[2].Text, StringComparison.Ordinal);
        var queries = driver.FindElements(By.CssSelector("#queries li")).Select(q => q.FindElement(By.TagName("code")).Text).ToList();
        Assert.Equal(6, queries.Count); // the seed rule's six [[transform.osquery]] entries
        Assert.DoesNotContain(queries, q => q.Contains("{{", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.StartsWith("SELECT * FROM users WHERE username = ", StringComparison.Ordinal) && q.Contains(user, StringComparison.Ordinal));
        Assert.Equal(6, driver.FindElements(By.CssSelector("#queries button.copy")).Count);
        Assert.NotEmpty(driver.FindElements(By.CssSelector("#attack a[href^='https://attack.mitre.org/']")));
        driver.FindElement(By.Id("field-search")).SendKeys("workflow_status");
        var shown = driver.FindElements(By.CssSelector("#fields tr")).Where(r => r.Displayed).Select(r => r.GetAttribute("data-field")).ToList();
        Assert.Contains("kibana.alert.workflow_status", shown);
        Assert.All(shown, f => Assert.Contains("workflow_status", f!, StringComparison.Ordinal));
        driver.SwitchTo().Frame(driver.FindElement(By.Id("guide-frame")));
        browser.Until(d => d.FindElement(By.TagName("body")).Text.Contains("Triage and analysis", StringComparison.Ordinal), "the rendered guide in its frame");
        driver.SwitchTo().DefaultContent();
        browser.Screenshot("detail");

        // Acknowledge from the detail; the API sees it, with the time of the service's clock.
        driver.FindElement(By.Id("ack")).Click();
        browser.Until(d => d.FindElement(By.Id("detail-status")).Text == "acknowledged", "the acknowledged status");
        var after = await host.AlertAsync(id);
        Assert.Equal("acknowledged", after["kibana.alert.workflow_status"]!.GetValue<string>());
        Assert.Equal("2026-11-27T10:15:00.000Z", after["kibana.alert.workflow_status_updated_at"]!.GetValue<string>());

        // Filter by status (in the URL), then reload: the state and the filter are kept.
        driver.FindElement(By.Id("back")).Click();
        browser.Until(d => browser.AlertRows().Count == expected - 1, "the open alerts less the acknowledged one");
        driver.FindElement(By.CssSelector("#f-status option[value='acknowledged']")).Click();
        browser.Until(d => browser.AlertRows().Count == 1, "one acknowledged alert");
        Assert.Contains("status=acknowledged", driver.Url, StringComparison.Ordinal);
        driver.Navigate().Refresh();
        browser.Until(d => browser.AlertRows().Count == 1 && browser.AlertRows()[0].GetAttribute("data-id") == id, "the acknowledged alert after a reload");
        Assert.Equal("acknowledged", browser.AlertRows()[0].FindElement(By.CssSelector("td.status")).Text);
        Assert.Equal("acknowledged", driver.FindElement(By.Id("f-status")).GetAttribute("value"));

        // Without the mouse: back to open, j moves to the second row, a acknowledges it.
        driver.Navigate().GoToUrl(new Uri(host.BaseAddress, "/#/alerts?poll=1"));
        browser.Until(d => browser.AlertRows().Count == expected - 1, "the open alerts");
        var second = browser.AlertRows()[1].GetAttribute("data-id")!;
        driver.FindElement(By.TagName("body")).SendKeys("j");
        browser.Until(d => d.FindElement(By.CssSelector("#alert-rows tr.current")).GetAttribute("data-id") == second, "the cursor on the second row");
        driver.FindElement(By.TagName("body")).SendKeys("a");
        browser.Until(d => browser.AlertRows().Count == expected - 2, "one more alert acknowledged by key");
        Assert.Equal("acknowledged", (await host.AlertAsync(second))["kibana.alert.workflow_status"]!.GetValue<string>());
        Assert.Equal(2, await host.CountAsync("acknowledged"));
    }

    [Fact]
    public async Task Script_and_html_in_event_fields_show_as_text_and_never_run()
    {
        const string Img = "<img src=x onerror=alert(1)>";
        const string Script = "<script>window.__vigilPwned=1</script><b id=\"injected\">bold</b>";
        var file = Path.Combine(ScheduleTestData.SeedFixtures, "bash_parent_public_ipv4.alert.ndjson");
        var events = new List<(string, JsonObject)>();
        var n = 0;
        foreach (var line in File.ReadLines(file))
        {
            if (JsonNode.Parse(line) is not JsonObject o || o.ContainsKey("//"))
            {
                continue;
            }
            o["host"]!["name"] = Img;
            o["user"]!["name"] = Script;
            o["process"]!["command_line"] = Script + Img;
            var moved = ScheduleTestData.Moved(o, TimeSpan.FromMinutes(1), "xss-" + n++);
            events.Add((moved.Index, moved.Source));
        }
        Assert.Equal(2, events.Count);
        await using var host = await TriageHost.StartAsync();
        await host.BulkAsync(events);
        await host.AdvanceAsync("5m");
        Assert.Equal(1, await host.CountAsync("open"));

        using var browser = Browser.Start();
        var driver = browser.Driver;
        driver.Navigate().GoToUrl(new Uri(host.BaseAddress, "/#/alerts?poll=1"));
        browser.Until(d => browser.AlertRows().Count == 1, "the alert");
        browser.AssertNoDialog();
        var row = browser.AlertRows()[0];
        Assert.Equal(Img, row.FindElement(By.CssSelector("td.host")).GetAttribute("textContent"));
        Assert.Equal(Script, row.FindElement(By.CssSelector("td.user")).GetAttribute("textContent"));
        AssertNothingInjected(driver);
        row.FindElement(By.CssSelector("button.fold")).Click();
        browser.Until(d => d.FindElements(By.CssSelector("#alert-rows tr.block")).Count == 2, "the building blocks");
        AssertNothingInjected(driver);

        browser.AlertRows()[0].FindElement(By.CssSelector("td.reason")).Click();
        browser.Until(d => d.FindElement(By.Id("queries")).Displayed, "the guide's queries");
        browser.AssertNoDialog();
        AssertNothingInjected(driver);
        var users = driver.FindElements(By.CssSelector("#queries code")).Select(c => c.Text).First(q => q.StartsWith("SELECT * FROM users", StringComparison.Ordinal));
        Assert.Contains(Script, users, StringComparison.Ordinal);
        Assert.Contains(driver.FindElements(By.CssSelector("#fields tr[data-field='host.name'] td")), td => td.Text == Img);
        Assert.Contains(driver.FindElements(By.CssSelector("#sequence tr.stage td")), td => td.Text == Script + Img);
        driver.SwitchTo().Frame(driver.FindElement(By.Id("guide-frame")));
        browser.Until(d => d.FindElement(By.TagName("body")).Text.Contains(Script, StringComparison.Ordinal), "the user name as text in the guide");
        Assert.Empty(driver.FindElements(By.CssSelector("img, #injected, main script")));
        driver.SwitchTo().DefaultContent();
        browser.AssertNoDialog();
        Assert.Equal("undefined", driver.ExecuteScript("return typeof window.__vigilPwned"));
    }

    [Fact]
    public async Task First_load_with_ten_thousand_alerts_is_measured()
    {
        const int Count = 10_000;
        await using var host = await TriageHost.StartAsync(data => ManyAlerts.Write(Path.Combine(data, "alerts.db"), Count, ScheduleTestData.FixtureTime));
        Assert.Equal(Count, await host.CountAsync("open"));
        // Twice, each in a browser of its own (nothing cached): the first visit after the service started (its code
        // still cold), then a visit to the service as an analyst finds it when it has been running.
        var lines = new List<string>();
        foreach (var visit in new[] { "first visit, service just started", "later visit, service warm" })
        {
            using var browser = Browser.Start();
            var driver = browser.Driver;
            driver.Navigate().GoToUrl(new Uri(host.BaseAddress, "/#/alerts?status=all"));
            browser.Until(d => browser.AlertRows().Count == 100, "the first hundred rows", seconds: 60);
            browser.Until(d => d.FindElements(By.CssSelector("#histogram svg rect")).Count == 40, "the histogram", seconds: 60);
            Assert.Contains($"100 of {Count} shown", driver.FindElement(By.Id("more")).Text, StringComparison.Ordinal);
            var timing = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object>>(driver.ExecuteScript(
                "const n = performance.getEntriesByType('navigation')[0];" +
                "const m = name => (performance.getEntriesByName(name)[0] || {}).startTime;" +
                "return { load: n.loadEventEnd, dom: n.domContentLoadedEventEnd, rows: m('vigil-rows'), histogram: m('vigil-histogram') };"));
            var line = $"first load with {Count} alerts ({visit}): DOMContentLoaded {timing["dom"]} ms, load {timing["load"]} ms, " +
                $"first 100 rows shown {timing["rows"]} ms, histogram of all {Count} drawn {timing["histogram"]} ms (since navigation start)";
            output.WriteLine(line);
            lines.Add(line);
            Assert.True(Convert.ToDouble(timing["rows"], System.Globalization.CultureInfo.InvariantCulture) > 0, line);
            if (lines.Count == 2)
            {
                File.WriteAllLines(Path.Combine(Path.GetDirectoryName(browser.Screenshot("ten-thousand"))!, "first-load.txt"), lines);
            }
        }
    }

    private static void AssertNothingInjected(IWebDriver driver)
    {
        Assert.Empty(driver.FindElements(By.CssSelector("img, #injected, b")));
        // The page's one script element is its own.
        Assert.Single(driver.FindElements(By.TagName("script")));
        Assert.Equal("undefined", ((IJavaScriptExecutor)driver).ExecuteScript("return typeof window.__vigilPwned"));
    }

    /// <summary>With VIGIL_README_SCREENSHOT=1 the alerts page is also written to docs/img/triage.png.</summary>
    private static void CopyForReadme(string screenshot)
    {
        if (Environment.GetEnvironmentVariable("VIGIL_README_SCREENSHOT") == "1")
        {
            var target = Path.Combine(ScheduleTestData.RepoRoot(), "docs", "img", "triage.png");
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(screenshot, target, overwrite: true);
        }
    }
}
