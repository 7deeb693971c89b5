using System.CommandLine;
using System.Globalization;
using System.Numerics;

namespace Fleet.Cli.CommandLine;

/// <summary>
/// Range checks for numeric options that look only at a value that parsed: a value that does not parse (<c>--dpi abc</c>)
/// is reported by the parser itself, as one line, instead of failing inside the check.
/// </summary>
public static class OptionRanges
{
    public static Option<T> InRange<T>(this Option<T> option, T min, T max) where T : INumber<T>, IParsable<T>
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count == 0 || !T.TryParse(result.Tokens[^1].Value, CultureInfo.InvariantCulture, out var value))
                return;
            if (value < min || value > max)
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} must be between {min} and {max}."));
        });
        return option;
    }
}
