using PdfSharp.Fonts;

namespace Fleet.Tests.Support;

/// <summary>
/// Serves DejaVu TTFs to PDFsharp, which on Linux finds no fonts by itself. Every family name resolves to DejaVu
/// Sans or Serif so test documents never depend on what else a machine has installed.
/// </summary>
public sealed class DejaVuFontResolver : IFontResolver
{
    public const string Sans = "DejaVu Sans";
    public const string Serif = "DejaVu Serif";
    public const string FontDirectory = Fleet.Bench.BenchPageGenerator.FontDirectory;

    private static readonly Lock Sync = new();
    private static readonly DejaVuFontResolver Instance = new();

    private DejaVuFontResolver()
    {
    }

    /// <summary>Installs the resolver once per process; PDFsharp refuses a different one after the first font use.</summary>
    public static void EnsureInstalled()
    {
        lock (Sync)
        {
            GlobalFontSettings.FontResolver ??= Instance;
        }
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic)
    {
        var serif = familyName.Contains("Serif", StringComparison.OrdinalIgnoreCase)
            || familyName.Contains("Times", StringComparison.OrdinalIgnoreCase);
        var face = (serif, bold, italic) switch
        {
            (false, false, false) => "DejaVuSans",
            (false, true, false) => "DejaVuSans-Bold",
            (false, false, true) => "DejaVuSans-Oblique",
            (false, true, true) => "DejaVuSans-BoldOblique",
            (true, false, false) => "DejaVuSerif",
            (true, true, false) => "DejaVuSerif-Bold",
            (true, false, true) => "DejaVuSerif-Italic",
            (true, true, true) => "DejaVuSerif-BoldItalic",
        };
        return new FontResolverInfo(face);
    }

    public byte[] GetFont(string faceName) => File.ReadAllBytes(Path.Combine(FontDirectory, faceName + ".ttf"));
}
