using System.CommandLine;

namespace Fleet.Cli.CommandLine;

/// <summary>
/// Runs a command line the way scripts expect: a bad argument (unknown option, a value that does not parse or is out of
/// range) is one line per problem on stderr and exit code 2, not the help text and exit code 1.
/// </summary>
public static class CommandLineExit
{
    public const int BadArguments = 2;

    /// <summary>
    /// How long after Ctrl+C or SIGTERM the command's own shutdown may take before the process is ended anyway.
    /// System.CommandLine's default, 2 s, cut a worker's graceful stop short (it exited 143 with chunks in flight,
    /// which the broker then redelivered): the commands end themselves on the cancellation, a serve within its host's
    /// shutdown timeout (<c>Fleet:Worker:ShutdownGrace</c>, at most an hour, plus 15 s), so this is only the net for one
    /// that does not.
    /// </summary>
    public static readonly TimeSpan ShutdownAllowance = TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1);

    public static async Task<int> InvokeAsync(RootCommand root, string[] args)
    {
        var parsed = root.Parse(args);
        if (parsed.Errors.Count == 0)
            return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = ShutdownAllowance });

        foreach (var error in parsed.Errors)
        {
            // The parser's suggestions ("Did you mean one of the following?") follow on further lines: keep them on one.
            Console.Error.WriteLine($"error: {string.Join(' ', error.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))}");
        }
        var command = parsed.CommandResult.Command;
        var path = command == root ? root.Name : $"{root.Name} {command.Name}";
        Console.Error.WriteLine($"Run '{path} --help' for usage.");
        return BadArguments;
    }
}
