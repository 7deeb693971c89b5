namespace Fleet.Cli.Status;

/// <summary>Why <c>fleet status</c> could not read the feed, in one line, with the exit code that says so.</summary>
public sealed class StatusException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
