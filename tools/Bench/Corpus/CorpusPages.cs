namespace Fleet.Bench.Corpus;

/// <summary>
/// The widened benchmark's pages: per set, fonts (serif, sans, mono families), technical text, five Latin-script
/// languages and scan damage (200 DPI, noise, blur, JPEG, skew, pages turned 90°, 180°, 270°, and PDF /Rotate).
/// Both sets have every page kind, with other text, fonts and angles.
/// </summary>
public static class CorpusPages
{
    private const string Liberation = "/usr/share/fonts/truetype/liberation";
    private const string DejaVu = "/usr/share/fonts/truetype/dejavu";
    private const string FreeFont = "/usr/share/fonts/truetype/freefont";
    private const string TexGyre = "/usr/share/texmf/fonts/opentype/public/tex-gyre";

    /// <summary>The Debian packages the fonts come from (installed by the benchmark when missing).</summary>
    public static readonly string[] FontPackages = ["fonts-liberation", "fonts-dejavu", "fonts-freefont-ttf", "tex-gyre"];

    public static IReadOnlyList<CorpusPageSpec> All() => [.. Interleave(Set(BenchSet.Tuning).Concat(Set(BenchSet.HeldOut)).ToList())];

    /// <summary>A few pages of the held-out set, one or two of each class: the run that takes a few minutes on 2 cores.</summary>
    public static IReadOnlyList<CorpusPageSpec> Quick()
    {
        string[] names = ["fonts-serif", "technical-code", "languages-deu", "languages-fra", "scan-skew", "scan-rotated-90", "scan-rotated-180", "scan-jpeg"];
        return [.. Set(BenchSet.HeldOut).Where(p => names.Any(n => p.Name.EndsWith(n, StringComparison.Ordinal)))];
    }

    /// <summary>The classes take turns, so the first N pages of the corpus cover every class.</summary>
    private static IEnumerable<CorpusPageSpec> Interleave(List<CorpusPageSpec> pages)
    {
        var queues = pages.GroupBy(p => p.Class).Select(g => new Queue<CorpusPageSpec>(g)).ToList();
        while (queues.Any(q => q.Count > 0))
        {
            foreach (var queue in queues.Where(q => q.Count > 0))
                yield return queue.Dequeue();
        }
    }

    /// <summary>FNV-1a of the name: string.GetHashCode differs from one process to the next, and pages must not.</summary>
    private static int StableSeed(string name)
    {
        var hash = 2166136261u;
        foreach (var c in name)
            hash = (hash ^ c) * 16777619u;
        return (int)(hash & 0x7FFFFFFF);
    }

    public static IEnumerable<CorpusPageSpec> Set(BenchSet set)
    {
        var tuning = set == BenchSet.Tuning;
        var prefix = tuning ? "tuning" : "held-out";
        CorpusPageSpec Page(string name, BenchClass kind, string font, float points, CorpusLayout layout = CorpusLayout.Prose,
            string language = "eng", int dpi = 300, int columns = 1, ScanDamage? damage = null) =>
            new($"{prefix}-{name}", kind, set, language, font, points, dpi, layout, columns, damage, Seed: StableSeed($"{prefix}-{name}"));

        // Fonts: the same prose in serif, sans and monospace families, and a two-column page.
        yield return Page("fonts-serif", BenchClass.Fonts, tuning ? $"{Liberation}/LiberationSerif-Regular.ttf" : $"{TexGyre}/texgyretermes-regular.otf", 11);
        yield return Page("fonts-sans", BenchClass.Fonts, tuning ? $"{FreeFont}/FreeSans.ttf" : $"{Liberation}/LiberationSans-Regular.ttf", 11);
        yield return Page("fonts-mono", BenchClass.Fonts, tuning ? $"{DejaVu}/DejaVuSansMono.ttf" : $"{Liberation}/LiberationMono-Regular.ttf", 10);
        yield return Page("fonts-two-columns", BenchClass.Fonts, tuning ? $"{TexGyre}/texgyreheros-regular.otf" : $"{FreeFont}/FreeSerif.ttf", 10, columns: 2);

        // Technical: code and shell in a monospace face, a contents page with dot leaders and a table, 8-pt small print.
        yield return Page("technical-code", BenchClass.Technical, tuning ? $"{DejaVu}/DejaVuSansMono.ttf" : $"{Liberation}/LiberationMono-Regular.ttf", 9,
            CorpusLayout.Technical);
        yield return Page("technical-contents", BenchClass.Technical, tuning ? $"{DejaVu}/DejaVuSerif.ttf" : $"{Liberation}/LiberationSans-Regular.ttf", 11,
            CorpusLayout.ContentsAndTable);
        yield return Page("technical-small-print", BenchClass.Technical, tuning ? $"{Liberation}/LiberationSans-Regular.ttf" : $"{FreeFont}/FreeSans.ttf", 8,
            CorpusLayout.Technical);

        // Languages, each in its own face.
        (string Language, string Tuning, string HeldOut)[] languages =
        [
            ("fra", $"{Liberation}/LiberationSerif-Regular.ttf", $"{DejaVu}/DejaVuSans.ttf"),
            ("deu", $"{DejaVu}/DejaVuSans.ttf", $"{TexGyre}/texgyretermes-regular.otf"),
            ("spa", $"{FreeFont}/FreeSerif.ttf", $"{Liberation}/LiberationSans-Regular.ttf"),
            ("por", $"{TexGyre}/texgyreheros-regular.otf", $"{Liberation}/LiberationSerif-Regular.ttf"),
            ("ita", $"{Liberation}/LiberationSans-Regular.ttf", $"{FreeFont}/FreeSans.ttf"),
        ];
        foreach (var (language, tuningFont, heldOutFont) in languages)
            yield return Page($"languages-{language}", BenchClass.Languages, tuning ? tuningFont : heldOutFont, 11, language: language);

        // Scan damage.
        var serif = tuning ? $"{DejaVu}/DejaVuSerif.ttf" : $"{Liberation}/LiberationSerif-Regular.ttf";
        var sans = tuning ? $"{Liberation}/LiberationSans-Regular.ttf" : $"{DejaVu}/DejaVuSans.ttf";
        yield return Page("scan-200-dpi", BenchClass.ScanDamage, serif, 10, dpi: 200, damage: new ScanDamage(Noise: true));
        yield return Page("scan-noise", BenchClass.ScanDamage, sans, 11, damage: new ScanDamage(SkewDegrees: tuning ? 0.5f : -0.7f, Noise: true));
        yield return Page("scan-blur", BenchClass.ScanDamage, serif, 11, damage: new ScanDamage(BlurSigma: tuning ? 1.5f : 1.8f));
        yield return Page("scan-jpeg", BenchClass.ScanDamage, sans, 10, damage: new ScanDamage(JpegQuality: tuning ? 30 : 20, Noise: true));
        yield return Page("scan-skew", BenchClass.ScanDamage, serif, 11, damage: new ScanDamage(SkewDegrees: tuning ? 3f : -5f));
        yield return Page("scan-skew-5", BenchClass.ScanDamage, sans, 10, columns: 2, damage: new ScanDamage(SkewDegrees: tuning ? -5f : 4f));
        yield return Page("scan-rotated-90", BenchClass.ScanDamage, sans, 11, damage: new ScanDamage(QuarterTurns: 1));
        yield return Page("scan-rotated-180", BenchClass.ScanDamage, serif, 11, damage: new ScanDamage(QuarterTurns: 2, Noise: true));
        yield return Page("scan-rotated-270", BenchClass.ScanDamage, tuning ? $"{FreeFont}/FreeSans.ttf" : $"{TexGyre}/texgyreheros-regular.otf", 10,
            damage: new ScanDamage(QuarterTurns: 3));
        yield return Page("scan-pdf-rotate-90", BenchClass.ScanDamage, serif, 11, damage: new ScanDamage(PdfRotate: 90));
    }
}
