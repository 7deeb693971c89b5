using Fleet.Bench.TextLayers;
using Fleet.Engine.Pdf;
using Fleet.Tests.Support;

namespace Fleet.Tests.Pdf;

/// <summary>
/// Text layers read as poppler's pdftotext reads them: pages of real manuals (Pdf/Manuals, pdftotext's output beside
/// each) and hand-drawn pages for what those manuals happen not to contain (ligature glyphs, TeX accents).
/// </summary>
public sealed class TextLayerReadingTests
{
    private static readonly string Manuals = Path.Combine(AppContext.BaseDirectory, "Pdf", "Manuals");

    private static IEnumerable<string> ManualPages() =>
        Directory.EnumerateFiles(Manuals, "*.pdf").Order(StringComparer.Ordinal).Select(p => Path.GetFileNameWithoutExtension(p));

    [TestCaseSource(nameof(ManualPages))]
    public void A_manual_page_reads_as_pdftotext_reads_it_and_needs_no_ocr(string name)
    {
        var (page, reference) = ReadManual(name);

        Assert.That(page.Usable, Is.True, "a born-digital page with a perfect text layer is not sent to OCR");
        var words = TextLayerBenchRow.ContentWords(reference);
        var errors = TextLayerBenchRow.OrderFreeErrors(words, TextLayerBenchRow.ContentWords(page.Text));
        Assert.That((double)errors / words.Count, Is.LessThanOrEqualTo(0.01), $"{errors} of {words.Count} words differ from pdftotext's\n{page.Text}");
    }

    [Test]
    public void All_the_manual_pages_together_are_within_half_a_percent_of_pdftotext()
    {
        int words = 0, errors = 0;
        foreach (var name in ManualPages())
        {
            var (page, reference) = ReadManual(name);
            var expected = TextLayerBenchRow.ContentWords(reference);
            words += expected.Count;
            errors += TextLayerBenchRow.OrderFreeErrors(expected, TextLayerBenchRow.ContentWords(page.Text));
        }
        Assert.That(words, Is.GreaterThan(1000));
        Assert.That((double)errors / words, Is.LessThanOrEqualTo(0.005));
    }

    [Test]
    public void A_table_of_contents_keeps_each_entry_on_its_line_with_its_leaders_and_page_number()
    {
        var (page, _) = ReadManual("r-intro-contents");
        var lines = page.Lines.Select(l => l.Text).ToList();

        Assert.That(lines, Has.Some.Match(@"^1\.1 The R environment( \.)+ 2$"));
        Assert.That(lines.IndexOf(lines.First(l => l.StartsWith("1.1 ", StringComparison.Ordinal))),
            Is.LessThan(lines.IndexOf(lines.First(l => l.StartsWith("1.2 ", StringComparison.Ordinal)))));
    }

    [Test]
    public void Code_and_prose_keep_the_order_the_page_draws_them_in()
    {
        var (page, reference) = ReadManual("bashref-lists");
        var lines = page.Lines.Select(l => l.Text).ToList();

        Assert.That(lines, Does.Contain("command1 && command2"));
        Assert.That(lines[0], Is.EqualTo("Chapter 3: Basic Shell Features 11"));
        Assert.That(Fleet.Bench.CharacterErrorRate.Compute(reference, page.Text), Is.LessThan(0.01));
    }

    [Test]
    public void Text_drawn_twice_over_itself_is_read_once()
    {
        var (page, reference) = ReadManual("asymptote-title");

        Assert.That(page.Text.Split('\n').Count(l => l == "symptote"), Is.EqualTo(reference.Split('\n').Count(l => l == "symptote")).And.EqualTo(1));
    }

    [Test]
    public void Ligature_glyphs_read_as_their_letters()
    {
        // Codes 128 and 129 draw Helvetica's fi and fl ligature glyphs, which PDF readers map to U+FB01 and U+FB02.
        var pdf = new HandBuiltPdf("<< /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [128 /fi 129 /fl] >>");
        pdf.AddPage(612, 792, ["The \u0080les over\u0081ow the disk quota of this machine."]);
        var bytes = pdf.Build();
        using (var raw = UglyToad.PdfPig.PdfDocument.Open(bytes))
            Assert.That(raw.GetPage(1).Letters.Select(l => l.Value), Does.Contain("\uFB01"), "the page draws a ligature glyph");

        using var document = TextLayerDocument.Open(bytes);
        Assert.That(document.Words(1).Select(w => w.Text), Is.EqualTo(new[] { "The", "files", "overflow", "the", "disk", "quota", "of", "this", "machine." }));
    }

    [Test]
    public void A_separately_drawn_accent_is_put_on_its_letter()
    {
        // As TeX draws M\"oller: the dieresis (WinAnsi 0xA8) centred over the o, then the o and the rest.
        const string content = "BT /F1 12 Tf 72 700 Td (M) Tj ET BT /F1 12 Tf 83.33 700 Td (\u00A8) Tj ET BT /F1 12 Tf 82 700 Td (oller wrote this) Tj ET";
        var pdf = new HandBuiltPdf();
        pdf.AddPage(612, 792, [], extraContent: content);
        using var document = TextLayerDocument.Open(pdf.Build());

        Assert.That(document.Words(1).Select(w => w.Text), Is.EqualTo(new[] { "Möller", "wrote", "this" }));
    }

    [Test]
    public void A_word_hyphenated_at_a_line_end_reads_whole_but_its_glyphs_stay_as_drawn()
    {
        using var document = TextLayerDocument.Open(TestPdfs.BornDigital(["The shell executes the com-", "mands in the order given."]));
        var page = TextLayerPage.Read(document, 1);

        Assert.That(page.Text, Is.EqualTo("The shell executes the commands\nin the order given."));
        Assert.That(page.Lines[0].Words.Select(w => w.Text).Last(), Is.EqualTo("com-"));
    }

    [Test]
    public void A_code_listing_with_double_spaces_and_aligned_comments_keeps_its_lines()
    {
        string[] code =
        [
            "x = load(path);        # read it.  Then parse",
            "y = parse(x);          # parse it.  Then check",
            "check(y);              # check it.  Done",
        ];
        using var document = TextLayerDocument.Open(TestPdfs.BornDigital(code));
        var page = TextLayerPage.Read(document, 1);

        Assert.That(page.Lines.Select(l => l.Text), Is.EqualTo(code.Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries)))));
    }

    private static (TextLayerPage Page, string Reference) ReadManual(string name)
    {
        using var document = TextLayerDocument.OpenFile(Path.Combine(Manuals, name + ".pdf"));
        var reference = File.ReadAllText(Path.Combine(Manuals, name + ".pdftotext.txt")).TrimEnd('\f');
        return (TextLayerPage.Read(document, 1), reference);
    }
}
