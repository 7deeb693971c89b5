namespace Fleet.Contracts;

/// <summary>
/// The files written for each document: &lt;name&gt;.txt, &lt;name&gt;.json, a searchable &lt;name&gt;.pdf,
/// &lt;name&gt;.hocr and &lt;name&gt;.alto.xml. A set, so a batch's options stay a value.
/// </summary>
[Flags]
public enum OutputFormats
{
    None = 0,
    Txt = 1,
    Json = 2,
    Pdf = 4,
    Hocr = 8,
    Alto = 16,
}

/// <summary>The names users write (<c>txt,json,pdf,hocr,alto</c>), in the CLI and the API.</summary>
public static class OutputFormatNames
{
    public const OutputFormats Default = OutputFormats.Txt | OutputFormats.Json;

    private static readonly string[] Names = ["txt", "json", "pdf", "hocr", "alto"];

    public static IReadOnlyList<string> All => Names;

    /// <summary>The set named by <paramref name="names"/>; false (with the first unknown name) when one is not a format or none is named.</summary>
    public static bool TryParse(IEnumerable<string> names, out OutputFormats formats, out string? unknown)
    {
        (formats, unknown) = (OutputFormats.None, null);
        foreach (var raw in names)
        {
            var name = raw.Trim().ToLowerInvariant();
            var index = Array.IndexOf(Names, name);
            if (index < 0)
            {
                unknown = raw;
                return false;
            }
            formats |= (OutputFormats)(1 << index);
        }
        return formats != OutputFormats.None;
    }

    /// <summary>"txt,json,pdf": the names of a set, in the order of <see cref="All"/>.</summary>
    public static string Format(OutputFormats formats) =>
        string.Join(',', Names.Where((_, i) => formats.HasFlag((OutputFormats)(1 << i))));
}
