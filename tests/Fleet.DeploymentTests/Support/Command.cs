using System.Diagnostics;

namespace Fleet.DeploymentTests.Support;

/// <summary>Runs a program to completion and keeps what it printed.</summary>
public sealed record CommandResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}";
}

public static class Command
{
    public static async Task<CommandResult> Run(string program, IEnumerable<string> arguments, string? workingDirectory = null,
        TimeSpan? timeout = null, IDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory ?? Repo.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
            start.Environment[key] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} ran past {timeout}");
        }
        return new CommandResult(process.ExitCode, await output, await error);
    }
}
