using Fleet.Infrastructure.Passwords;

namespace Fleet.Cli.CommandLine;

/// <summary>The lines of a --password-file (<see cref="ProcessingArguments.PasswordFileHelp"/> says the format).</summary>
public static class PasswordFile
{
    public const string AnyInput = "*";

    public static IReadOnlyList<BatchPassword> Parse(IEnumerable<string> lines)
    {
        var passwords = new List<BatchPassword>();
        foreach (var line in lines)
        {
            // Only the line break is dropped: spaces may be part of a password.
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var tab = line.IndexOf('\t');
            if (tab < 0)
            {
                passwords.Add(new BatchPassword(null, line));
                continue;
            }
            var (key, password) = (line[..tab], line[(tab + 1)..]);
            if (password.Length > 0)
                passwords.Add(new BatchPassword(key == AnyInput ? null : key, password));
        }
        return passwords;
    }
}
