using Microsoft.AspNetCore.Builder;

namespace Vigil.Server.Hosting;

/// <summary>
/// The options the ASP.NET Core host is built with. Its defaults take the working directory as the content root,
/// read <c>appsettings.json</c> from there and watch that whole directory tree for changes so the file can be
/// reloaded. For a service whose <c>--data</c> folder is often under the working directory that watcher sees every
/// segment write (inotify events read and matched per write: measurable CPU on the ingest path), and a stray
/// <c>appsettings.json</c> where the user happens to stand could rebind Kestrel. Vigil is configured by its own
/// options only, so the host gets the binary's folder as content root and no reloading.
/// </summary>
internal static class HostDefaults
{
    public static WebApplicationOptions Options() => new()
    {
        ContentRootPath = AppContext.BaseDirectory,
        Args = ["--hostBuilder:reloadConfigOnChange=false"],
    };
}
