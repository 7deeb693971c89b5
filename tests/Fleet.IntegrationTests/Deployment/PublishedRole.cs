using System.Diagnostics;
using System.Text.RegularExpressions;
using Fleet.Cli.Serve;

namespace Fleet.IntegrationTests.Deployment;

/// <summary>
/// One role published exactly as its image publishes it: the <c>dotnet publish</c> line of <c>docker/&lt;role&gt;.Dockerfile</c>,
/// into a folder of its own, and run from there (<c>dotnet Fleet.X.dll</c>, the image's entry point) on a port of
/// its own given in ASPNETCORE_URLS, as the images set it.
/// </summary>
public sealed partial class PublishedRole(string dockerfile, string folder)
{
    public string Dockerfile { get; } = dockerfile;

    public string Folder { get; } = folder;

    /// <summary>The entry assembly named by the Dockerfile's ENTRYPOINT.</summary>
    public string EntryAssembly { get; } = EntryPoint().Match(DockerfileText(dockerfile)).Groups[1].Value;

    public static async Task<PublishedRole> PublishAsync(string dockerfile, string root)
    {
        var folder = Path.Combine(root, Path.GetFileNameWithoutExtension(dockerfile));
        var arguments = PublishLine().Match(DockerfileText(dockerfile)).Groups["args"].Value
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.That(arguments, Is.Not.Empty, $"{dockerfile} has no 'dotnet publish ... -o /out'");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = FleetServices.RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "publish" }.Concat(arguments).Concat(["-o", folder, "--nologo"]))
            start.ArgumentList.Add(argument);
        using var publish = Process.Start(start)!;
        var output = publish.StandardOutput.ReadToEndAsync();
        var error = publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync();
        Assert.That(publish.ExitCode, Is.Zero, $"dotnet {string.Join(' ', start.ArgumentList)}\n{await output}\n{await error}");
        return new PublishedRole(dockerfile, folder);
    }

    public bool Contains(string relativePath) => File.Exists(Path.Combine(Folder, relativePath));

    /// <summary>Files matching a pattern such as <c>*.so</c> (anywhere) or <c>assets/*.onnx</c> (in that folder), relative to the folder.</summary>
    public List<string> Files(string pattern)
    {
        var (directory, name) = (Path.Combine(Folder, Path.GetDirectoryName(pattern) ?? ""), Path.GetFileName(pattern));
        var depth = Path.GetDirectoryName(pattern) is "" or null ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly;
        return Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, name, depth).Select(f => Path.GetRelativePath(Folder, f)).ToList()
            : [];
    }

    /// <summary>Starts the published role and waits until <c>/health/ready</c> answers 200.</summary>
    public async Task<RunningRole> StartAsync(IReadOnlyDictionary<string, string> settings, TimeSpan readyWithin)
    {
        var url = new Uri($"http://127.0.0.1:{ReadinessProbe.FreeLoopbackPort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { EntryAssembly },
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in FleetServices.Environment)
            start.Environment[key] = value;
        foreach (var (key, value) in settings)
            start.Environment[key] = value;
        start.Environment["ASPNETCORE_URLS"] = url.ToString().TrimEnd('/');
        start.Environment["Logging__LogLevel__Default"] = "Information";
        var role = new RunningRole(Path.GetFileNameWithoutExtension(Dockerfile), Process.Start(start)!, url);
        await ReadinessProbe.WaitAsync(role.Name, role.Process, url, readyWithin, () => role.Output);
        return role;
    }

    private static string DockerfileText(string dockerfile) =>
        Regex.Replace(File.ReadAllText(Path.Combine(FleetServices.RepoRoot, "docker", dockerfile)), @"\\\r?\n", " ");

    [GeneratedRegex(@"dotnet publish (?<args>.+?) -o /out")]
    private static partial Regex PublishLine();

    [GeneratedRegex(@"ENTRYPOINT \[""dotnet"", ""([^""]+)""\]")]
    private static partial Regex EntryPoint();
}

/// <summary>A published role's process; what it printed is kept for failure messages.</summary>
public sealed class RunningRole : IAsyncDisposable
{
    private readonly System.Text.StringBuilder output = new();

    public RunningRole(string name, Process process, Uri url)
    {
        (Name, Process, Url) = (name, process, url);
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    public Process Process { get; }

    public Uri Url { get; }

    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
        }
        Process.Dispose();
    }
}
