using System.Diagnostics;

namespace Fleet.Tests.Support;

/// <summary>The <c>fleet</c> command as an operator runs it: the built <c>fleet.dll</c> in a process of its own.</summary>
public static class FleetCli
{
    public static readonly string Dll = Path.Combine(TestContext.CurrentContext.TestDirectory, "fleet.dll");

    /// <summary>Starts <c>fleet</c> with <paramref name="args"/>, output redirected, <c>CI=true</c> (plain progress lines).</summary>
    public static Process Start((string Name, string? Value)[] environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["CI"] = "true";
        foreach (var (name, value) in environment)
        {
            if (value is null)
                start.Environment.Remove(name);
            else
                start.Environment[name] = value;
        }
        return Process.Start(start)!;
    }

    /// <summary>Runs <c>fleet</c> to its end (at most <paramref name="timeout"/>) and returns its exit code and output.</summary>
    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(TimeSpan timeout, (string Name, string? Value)[] environment,
        params string[] args)
    {
        using var process = Start(environment, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"fleet {string.Join(' ', args)} did not end within {timeout}; its output:\n{await stdout}\n{await stderr}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
