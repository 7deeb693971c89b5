namespace Fleet.IntegrationTests.Fleet;

/// <summary>The CLI the build put in this repository, run the way an operator runs it.</summary>
public static class RepoRoot
{
    public static string Path => FleetServices.RepoRoot;

    public static string FleetDll => System.IO.Path.Combine(Path, "src", "Cli", "bin", "Release", "net10.0", "fleet.dll");
}
