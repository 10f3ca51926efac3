using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace Vigil.Server.Tests.Triage;

/// <summary>
/// Debian's headless Chromium driven through Debian's chromedriver (no browser or driver download), at 1280×800.
/// </summary>
internal sealed class Browser : IDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string DriverPath = "/usr/bin/chromedriver";

    private Browser(ChromeDriver driver)
    {
        Driver = driver;
    }

    public ChromeDriver Driver { get; }

    public static Browser Start(int width = 1280, int height = 800)
    {
        Assert.True(File.Exists(ChromiumPath) && File.Exists(DriverPath),
            $"the browser tests need Debian's chromium and chromium-driver ({ChromiumPath}, {DriverPath}): apt-get install -y chromium chromium-driver");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--disable-extensions", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--metrics-recording-only", "--no-default-browser-check", $"--window-size={width},{height}");
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(90));
        driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(60);
        driver.Manage().Timeouts().AsynchronousJavaScript = TimeSpan.FromSeconds(30);
        return new Browser(driver);
    }

    /// <summary>Waits (polling, 30 s at most) until <paramref name="condition"/> holds; the message names what did not happen.</summary>
    public T Until<T>(Func<IWebDriver, T> condition, string what, int seconds = 30)
    {
        var wait = new WebDriverWait(Driver, TimeSpan.FromSeconds(seconds)) { PollingInterval = TimeSpan.FromMilliseconds(200) };
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        wait.Message = "waited for " + what;
        return wait.Until(condition);
    }

    public IReadOnlyList<IWebElement> AlertRows() => Driver.FindElements(By.CssSelector("#alert-rows tr.alert"));

    /// <summary>A PNG of the window, written to the test output folder (and returned for copying).</summary>
    public string Screenshot(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        Driver.GetScreenshot().SaveAsFile(path);
        return path;
    }

    /// <summary>Fails when a JavaScript dialog is open (what an injected <c>alert(1)</c> would raise).</summary>
    public void AssertNoDialog()
    {
        try
        {
            var dialog = Driver.SwitchTo().Alert();
            Assert.Fail("a JavaScript dialog opened: " + dialog.Text);
        }
        catch (NoAlertPresentException)
        {
        }
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
    }
}
