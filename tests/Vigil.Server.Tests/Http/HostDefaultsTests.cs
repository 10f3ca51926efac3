using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Vigil.Server.Tests.Fakes;

namespace Vigil.Server.Tests.Http;

/// <summary>
/// The host must not read or watch the working directory: ASP.NET Core's defaults watch the whole content root (the
/// working directory) to reload appsettings.json, and a --data folder below it made every segment write an inotify
/// event the server had to read.
/// </summary>
public sealed class HostDefaultsTests(TestServer server) : IClassFixture<TestServer>
{
    [Fact]
    public void The_content_root_is_the_binarys_folder_not_the_working_directory()
    {
        var root = server.Server.Host.Environment.ContentRootPath;
        Assert.Equal(Path.GetFullPath(AppContext.BaseDirectory).TrimEnd('/'), Path.GetFullPath(root).TrimEnd('/'));
    }

    [Fact]
    public void No_configuration_file_is_watched_for_changes()
    {
        var providers = ((IConfigurationRoot)server.Server.Host.Configuration).Providers.OfType<FileConfigurationProvider>().ToList();
        Assert.NotEmpty(providers); // appsettings.json (optional) is still a source; it just is not reloaded
        Assert.All(providers, provider => Assert.False(provider.Source.ReloadOnChange, provider.Source.Path));
    }
}
