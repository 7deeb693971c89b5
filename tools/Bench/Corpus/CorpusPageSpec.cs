namespace Fleet.Bench.Corpus;

/// <summary>Pages that may be looked at while changing the engine, and pages that never are.</summary>
public enum BenchSet
{
    Tuning,
    HeldOut,
}

/// <summary>The classes the widened benchmark reports on, each a kind of real input.</summary>
public enum BenchClass
{
    Fonts,
    Technical,
    Languages,
    ScanDamage,
}

/// <summary>What a scan does to a page, applied after it is drawn: in this order, blur, noise, JPEG, skew is drawn in, turns last.</summary>
/// <param name="QuarterTurns">Clockwise quarter turns of the stored image (a sheet fed sideways or upside down).</param>
/// <param name="PdfRotate">The image is stored turned and the PDF page's /Rotate turns it back upright for display.</param>
public sealed record ScanDamage(float SkewDegrees = 0, bool Noise = false, float BlurSigma = 0, int JpegQuality = 0,
    int QuarterTurns = 0, int PdfRotate = 0)
{
    public static ScanDamage None { get; } = new();
}

/// <summary>How one page of the corpus is made: its text, font, size, layout and damage.</summary>
/// <param name="Language">Tesseract's language code for the page (eng, fra, deu, spa, por, ita).</param>
/// <param name="Layout">Prose (wrapped paragraphs), or technical lines set as they stand.</param>
public sealed record CorpusPageSpec(
    string Name,
    BenchClass Class,
    BenchSet Set,
    string Language,
    string FontPath,
    float Points,
    int Dpi,
    CorpusLayout Layout,
    int Columns = 1,
    ScanDamage? Damage = null,
    int Seed = 0)
{
    public ScanDamage Scan => Damage ?? ScanDamage.None;

    /// <summary>Tesseract reads sideways and upside-down pages only with its orientation detection (page segmentation mode 1).</summary>
    public string TesseractPsm => Scan.QuarterTurns != 0 ? "1" : "3";
}

public enum CorpusLayout
{
    Prose,
    Technical,
    ContentsAndTable,
}
