using Vigil.Server.Tests.Store;

namespace Vigil.Server.Tests;

/// <summary>
/// The test assembly's entry point (the test SDK's generated one is turned off): the test runner never calls it; the
/// crash tests start this assembly as a child process with a verb to run a helper that is then killed.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 2 && args[0] == CrashHelper.Verb)
        {
            return await CrashHelper.RunAsync(args[1]);
        }
        return 2;
    }
}
