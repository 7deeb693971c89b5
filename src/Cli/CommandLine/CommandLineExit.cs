using System.CommandLine;

namespace Fleet.Cli.CommandLine;

/// <summary>
/// Runs a command line the way scripts expect: a bad argument (unknown option, a value that does not parse or is out of
/// range) is one line per problem on stderr and exit code 2, not the help text and exit code 1.
/// </summary>
public static class CommandLineExit
{
    public const int BadArguments = 2;

    public static async Task<int> InvokeAsync(RootCommand root, string[] args)
    {
        var parsed = root.Parse(args);
        if (parsed.Errors.Count == 0)
            return await parsed.InvokeAsync();

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
