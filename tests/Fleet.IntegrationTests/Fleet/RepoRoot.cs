namespace Fleet.IntegrationTests.Fleet;

/// <summary>The repository this test runs from, and the CLI the build put there.</summary>
public static class RepoRoot
{
    public static readonly string Path = Find();

    public static string FleetDll => System.IO.Path.Combine(Path, "src", "Cli", "bin", "Release", "net10.0", "fleet.dll");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Fleet.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"no Fleet.sln above {AppContext.BaseDirectory}");
    }
}
