using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;
using UglyToad.PdfPig.Writer;

namespace Fleet.Worker.Outputs;

/// <summary>
/// &lt;name&gt;.pdf: the input made searchable in the manner of OCRmyPDF. The input's bytes are kept whole and an
/// incremental update is appended: each OCR'd page gets a content stream of invisible text (render mode 3), every word
/// placed on its box (font size from the box's height, horizontal scaling so it spans the box's width), and a space
/// between words so text tools split them. Pages read from their text layer are not touched at all, and a document
/// with no OCR'd page is written as it came.
/// <para>
/// The font is a glyphless one as Tesseract's PDF renderer uses: every character is a CID of width 500/1000 em with
/// nothing to draw, and the ToUnicode map gives each its character back, so any script the recogniser reads is
/// searchable without a font that has its glyphs.
/// </para>
/// </summary>
public static partial class SearchablePdf
{
    private const string FontName = "FleetOcr";
    /// <summary>Width of every glyph, 1/1000 em.</summary>
    private const double GlyphWidth = 500;
    /// <summary>Ascent and descent, 1/1000 em: the font size is the box's height, the baseline 80% of the way down.</summary>
    private const double Ascent = 800, Descent = -200;

    /// <summary>The input with an invisible text layer on its OCR'd pages, or null for an encrypted input (left as it is).</summary>
    public static byte[]? Write(byte[] pdf, DocumentResult result)
    {
        var ocrPages = result.Pages.Where(p => p.Source == PageSource.Ocr && p.Lines.Any(l => l.Words.Count > 0)).ToList();
        if (ocrPages.Count == 0)
            return pdf;

        PdfDocument document;
        try
        {
            document = PdfDocument.Open(pdf);
        }
        catch (UglyToad.PdfPig.Exceptions.PdfDocumentEncryptedException)
        {
            // One opened with a password given for its batch: PdfPig asks for it again, and the answer is the same.
            return null;
        }
        using var _ = document;
        if (document.IsEncrypted || document.Structure.Trailer.EncryptionToken is not null)
            return null;
        var scanner = document.Structure.TokenScanner;
        var pages = PageReferences(document);
        var trailer = document.Structure.Trailer;
        var update = new Update(pdf, trailer.Size);

        var codes = new CidMap(ocrPages.SelectMany(p => p.Lines).SelectMany(l => l.Words).Select(w => w.Text).Append(" "));
        var fontRef = update.Add(FontObjects(update, codes));
        var openRef = update.AddStream(new Dictionary<NameToken, IToken>(), "q\n"u8.ToArray());

        foreach (var page in ocrPages)
        {
            var (reference, dictionary, resources) = pages[page.Number - 1];
            var pigPage = document.GetPage(page.Number);
            var crop = pigPage.CropBox.Bounds;
            var placement = new Placement(crop.Left, crop.Bottom, crop.Right, crop.Top, pigPage.Rotation.Value);
            var layerRef = update.AddStream(new Dictionary<NameToken, IToken>(), Encoding.ASCII.GetBytes(TextLayer(page, placement, codes)));

            var contents = new List<IToken> { openRef };
            if (dictionary.TryGet(NameToken.Contents, out var existing))
                contents.AddRange(Resolve(existing, scanner) is ArrayToken array ? array.Data : [existing]);
            contents.Add(layerRef);

            var fonts = resources.TryGet(NameToken.Font, out var fontToken) && Resolve(fontToken, scanner) is DictionaryToken fontDictionary
                ? fontDictionary.Data.ToDictionary(kv => NameToken.Create(kv.Key), kv => kv.Value)
                : [];
            fonts[NameToken.Create(FontName)] = fontRef;
            var newResources = resources.With(NameToken.Font, new DictionaryToken(fonts));
            var newPage = dictionary.With(NameToken.Contents, new ArrayToken(contents)).With(NameToken.Resources, newResources);
            update.Replace(reference, newPage);
        }
        return update.Finish(trailer.Root, trailer.Info, trailer.Identifier, LastCrossReference(pdf));
    }

    /// <summary>The content stream of one page's words: BT, render mode 3, one positioned and scaled run per word.</summary>
    internal static string TextLayer(PageResult page, Placement placement, CidMap codes)
    {
        var text = new StringBuilder("BT\n3 Tr\n");
        foreach (var line in page.Lines)
        {
            for (var i = 0; i < line.Words.Count; i++)
            {
                var word = line.Words[i];
                var box = word.Box;
                var encoded = codes.Encode(word.Text);
                if (encoded.Count == 0 || box.Width <= 0 || box.Height <= 0)
                    continue;
                var size = box.Height;
                var baseline = box.Y + box.Height * Ascent / 1000;
                var (x, y, dx, dy, ux, uy) = placement.Map(box.X, baseline);
                text.Append(Invariant($"/{FontName} {size:0.###} Tf\n{Scaling(box.Width, encoded.Count, size):0.###} Tz\n"));
                text.Append(Invariant($"{dx:0.####} {dy:0.####} {ux:0.####} {uy:0.####} {x:0.###} {y:0.###} Tm\n"));
                text.Append(Hex(encoded)).Append(" Tj\n");
                // A space to the next word, stretched over the gap: text tools split words on it.
                if (i + 1 < line.Words.Count && codes.Encode(" ") is [var space])
                {
                    var gap = line.Words[i + 1].Box.X - box.Right;
                    text.Append(Invariant($"{Scaling(Math.Max(gap, size * 0.05), 1, size):0.###} Tz\n")).Append(Hex([space])).Append(" Tj\n");
                }
            }
        }
        return text.Append("ET\n").ToString();
    }

    /// <summary>Horizontal scaling (percent) that makes <paramref name="glyphs"/> glyphs at <paramref name="size"/> span <paramref name="width"/>.</summary>
    private static double Scaling(double width, int glyphs, double size) => 100 * width / (glyphs * GlyphWidth / 1000 * size);

    private static string Hex(IReadOnlyList<ushort> cids)
    {
        var hex = new StringBuilder(2 + cids.Count * 4).Append('<');
        foreach (var cid in cids)
            hex.Append(cid.ToString("X4", CultureInfo.InvariantCulture));
        return hex.Append('>').ToString();
    }

    /// <summary>The Type0 font: Identity-H CIDs, a glyphless descendant, the ToUnicode map.</summary>
    private static DictionaryToken FontObjects(Update update, CidMap codes)
    {
        IToken descriptor = update.Add(new DictionaryToken(new Dictionary<NameToken, IToken>
        {
            [NameToken.Type] = NameToken.Create("FontDescriptor"),
            [NameToken.Create("FontName")] = NameToken.Create("GlyphLessFont"),
            [NameToken.Create("Flags")] = new NumericToken(4),
            [NameToken.Create("FontBBox")] = new ArrayToken([new NumericToken(0), new NumericToken(Descent), new NumericToken(GlyphWidth), new NumericToken(Ascent)]),
            [NameToken.Create("ItalicAngle")] = new NumericToken(0),
            [NameToken.Create("Ascent")] = new NumericToken(Ascent),
            [NameToken.Create("Descent")] = new NumericToken(Descent),
            [NameToken.Create("CapHeight")] = new NumericToken(Ascent),
            [NameToken.Create("StemV")] = new NumericToken(80),
        }));
        var cidFont = update.Add(new DictionaryToken(new Dictionary<NameToken, IToken>
        {
            [NameToken.Type] = NameToken.Font,
            [NameToken.Subtype] = NameToken.Create("CIDFontType2"),
            [NameToken.Create("BaseFont")] = NameToken.Create("GlyphLessFont"),
            [NameToken.Create("CIDSystemInfo")] = new DictionaryToken(new Dictionary<NameToken, IToken>
            {
                [NameToken.Create("Registry")] = new StringToken("Adobe"),
                [NameToken.Create("Ordering")] = new StringToken("Identity"),
                [NameToken.Create("Supplement")] = new NumericToken(0),
            }),
            [NameToken.Create("FontDescriptor")] = descriptor,
            [NameToken.Create("DW")] = new NumericToken(GlyphWidth),
            [NameToken.Create("CIDToGIDMap")] = NameToken.Create("Identity"),
        }));
        var toUnicode = update.AddStream(new Dictionary<NameToken, IToken>(), Encoding.ASCII.GetBytes(codes.ToUnicodeCMap()));
        return new DictionaryToken(new Dictionary<NameToken, IToken>
        {
            [NameToken.Type] = NameToken.Font,
            [NameToken.Subtype] = NameToken.Create("Type0"),
            [NameToken.Create("BaseFont")] = NameToken.Create("GlyphLessFont"),
            [NameToken.Encoding] = NameToken.Create("Identity-H"),
            [NameToken.Create("DescendantFonts")] = new ArrayToken([cidFont]),
            [NameToken.Create("ToUnicode")] = toUnicode,
        });
    }

    /// <summary>Each page's object, its dictionary and its resources (its own or inherited from the page tree), in page order.</summary>
    private static List<(IndirectReference Reference, DictionaryToken Dictionary, DictionaryToken Resources)> PageReferences(PdfDocument document)
    {
        var scanner = document.Structure.TokenScanner;
        var pages = new List<(IndirectReference, DictionaryToken, DictionaryToken)>();
        var root = document.Structure.Catalog.CatalogDictionary.Data["Pages"] as IndirectReferenceToken
                   ?? throw new InvalidDataException("the catalog names no page tree");
        var visited = new HashSet<IndirectReference>();

        void Walk(IndirectReference node, DictionaryToken? inherited)
        {
            if (!visited.Add(node) || Resolve(new IndirectReferenceToken(node), scanner) is not DictionaryToken dictionary)
                return;
            // Resources may be inherited: a page without its own takes its nearest ancestor's.
            var resources = dictionary.TryGet(NameToken.Resources, out var own) && Resolve(own, scanner) is DictionaryToken r ? r : inherited;
            if (dictionary.TryGet(NameToken.Kids, out var kids) && Resolve(kids, scanner) is ArrayToken children)
            {
                foreach (var child in children.Data.OfType<IndirectReferenceToken>())
                    Walk(child.Data, resources);
                return;
            }
            pages.Add((node, dictionary, resources ?? new DictionaryToken(new Dictionary<NameToken, IToken>())));
        }

        Walk(root.Data, null);
        return pages;
    }

    private static IToken Resolve(IToken token, UglyToad.PdfPig.Tokenization.Scanner.IPdfTokenScanner scanner)
    {
        for (var hops = 0; token is IndirectReferenceToken reference && hops < 32; hops++)
            token = scanner.Get(reference.Data)?.Data ?? NullToken.Instance;
        return token;
    }

    /// <summary>The offset of the last cross-reference section (after the last <c>startxref</c>) and whether it is a stream.</summary>
    private static (long Offset, bool IsStream) LastCrossReference(byte[] pdf)
    {
        var tail = Encoding.ASCII.GetString(pdf, Math.Max(0, pdf.Length - 2048), Math.Min(pdf.Length, 2048));
        var match = StartXref().Matches(tail).LastOrDefault() ?? throw new InvalidDataException("no startxref at the end of the PDF");
        var offset = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var isStream = offset < pdf.Length && !Encoding.ASCII.GetString(pdf, (int)offset, (int)Math.Min(4, pdf.Length - offset)).StartsWith("xref", StringComparison.Ordinal);
        return (offset, isStream);
    }

    [GeneratedRegex(@"startxref\s+(\d+)")]
    private static partial Regex StartXref();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// From Fleet's page space (points, top-left origin of the displayed page, i.e. the crop box turned by /Rotate) to
    /// the page's default user space, with the directions of the displayed x axis and of "up" there.
    /// </summary>
    internal readonly record struct Placement(double Left, double Bottom, double Right, double Top, int Rotate)
    {
        public (double X, double Y, double Dx, double Dy, double Ux, double Uy) Map(double x, double y) =>
            (((Rotate % 360) + 360) % 360) switch
            {
                90 => (Left + y, Bottom + x, 0, 1, -1, 0),
                180 => (Right - x, Bottom + y, -1, 0, 0, -1),
                270 => (Right - y, Top - x, 0, -1, 1, 0),
                _ => (Left + x, Top - y, 1, 0, 0, 1),
            };
    }

    /// <summary>
    /// One CID per character (Unicode scalar) the document's words use, from 1 up, with the ToUnicode CMap that maps
    /// them back; characters past 65,534 distinct ones are left out.
    /// </summary>
    internal sealed class CidMap
    {
        private readonly Dictionary<Rune, ushort> cids = [];

        public CidMap(IEnumerable<string> texts)
        {
            foreach (var rune in texts.SelectMany(t => t.EnumerateRunes()))
                if (!cids.ContainsKey(rune) && cids.Count < ushort.MaxValue - 1)
                    cids[rune] = (ushort)(cids.Count + 1);
        }

        public IReadOnlyList<ushort> Encode(string text) =>
            text.EnumerateRunes().Where(cids.ContainsKey).Select(r => cids[r]).ToList();

        public string ToUnicodeCMap()
        {
            var cmap = new StringBuilder("""
                /CIDInit /ProcSet findresource begin
                12 dict begin
                begincmap
                /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
                /CMapName /Adobe-Identity-UCS def
                /CMapType 2 def
                1 begincodespacerange
                <0000> <FFFF>
                endcodespacerange

                """);
            Span<char> utf16 = stackalloc char[2];
            foreach (var block in cids.Chunk(100))
            {
                cmap.Append(CultureInfo.InvariantCulture, $"{block.Length} beginbfchar\n");
                foreach (var (rune, cid) in block)
                {
                    var length = rune.EncodeToUtf16(utf16);
                    cmap.Append(CultureInfo.InvariantCulture, $"<{cid:X4}> <");
                    foreach (var unit in utf16[..length])
                        cmap.Append(((int)unit).ToString("X4", CultureInfo.InvariantCulture));
                    cmap.Append(">\n");
                }
                cmap.Append("endbfchar\n");
            }
            return cmap.Append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n").ToString();
        }
    }

    /// <summary>An incremental update being written after the original bytes: new and replaced objects, then the cross-reference section.</summary>
    private sealed class Update
    {
        private readonly MemoryStream output = new();
        private readonly SortedDictionary<long, (long Offset, int Generation)> offsets = [];
        private long next;

        public Update(byte[] original, long size)
        {
            output.Write(original);
            if (original.Length > 0 && original[^1] is not ((byte)'\n' or (byte)'\r'))
                output.WriteByte((byte)'\n');
            next = size;
        }

        public IndirectReferenceToken Add(IToken token)
        {
            var reference = new IndirectReference(next++, 0);
            Write(reference, token);
            return new IndirectReferenceToken(reference);
        }

        public IndirectReferenceToken AddStream(Dictionary<NameToken, IToken> dictionary, byte[] data)
        {
            var reference = new IndirectReference(next++, 0);
            dictionary[NameToken.Length] = new NumericToken(data.Length);
            Begin(reference);
            TokenWriter.Instance.WriteToken(new DictionaryToken(dictionary), output);
            output.Write("\nstream\n"u8);
            output.Write(data);
            output.Write("\nendstream\nendobj\n"u8);
            return new IndirectReferenceToken(reference);
        }

        public void Replace(IndirectReference reference, IToken token) => Write(reference, token);

        private void Write(IndirectReference reference, IToken token)
        {
            Begin(reference);
            TokenWriter.Instance.WriteToken(token, output);
            output.Write("\nendobj\n"u8);
        }

        private void Begin(IndirectReference reference)
        {
            offsets[reference.ObjectNumber] = (output.Position, reference.Generation);
            output.Write(Encoding.ASCII.GetBytes(Invariant($"{reference.ObjectNumber} {reference.Generation} obj\n")));
        }

        public byte[] Finish(IndirectReference root, IToken? info, IReadOnlyList<IToken>? identifier, (long Offset, bool IsStream) previous)
        {
            var trailer = new Dictionary<NameToken, IToken>
            {
                [NameToken.Root] = new IndirectReferenceToken(root),
                [NameToken.Prev] = new NumericToken(previous.Offset),
            };
            if (info is not null)
                trailer[NameToken.Info] = info;
            if (identifier is { Count: > 0 })
                trailer[NameToken.Id] = new ArrayToken(identifier);

            if (previous.IsStream)
                WriteCrossReferenceStream(trailer);
            else
                WriteCrossReferenceTable(trailer);
            return output.ToArray();
        }

        /// <summary>Subsections of consecutive object numbers: (first, entries).</summary>
        private IEnumerable<(long First, List<(long Offset, int Generation)> Entries)> Subsections()
        {
            (long First, List<(long, int)> Entries)? current = null;
            foreach (var (number, entry) in offsets)
            {
                if (current is { } c && c.First + c.Entries.Count == number)
                {
                    c.Entries.Add(entry);
                    continue;
                }
                if (current is { } done)
                    yield return done;
                current = (number, [entry]);
            }
            if (current is { } last)
                yield return last;
        }

        private void WriteCrossReferenceTable(Dictionary<NameToken, IToken> trailer)
        {
            var start = output.Position;
            var table = new StringBuilder("xref\n");
            foreach (var (first, entries) in Subsections())
            {
                table.Append(CultureInfo.InvariantCulture, $"{first} {entries.Count}\n");
                foreach (var (offset, generation) in entries)
                    table.Append(CultureInfo.InvariantCulture, $"{offset:D10} {generation:D5} n\r\n");
            }
            output.Write(Encoding.ASCII.GetBytes(table.Append("trailer\n").ToString()));
            trailer[NameToken.Size] = new NumericToken(next);
            TokenWriter.Instance.WriteToken(new DictionaryToken(trailer), output);
            output.Write(Encoding.ASCII.GetBytes(Invariant($"\nstartxref\n{start}\n%%EOF\n")));
        }

        /// <summary>A cross-reference stream (the input uses them), uncompressed: fields of 1, 8 and 2 bytes.</summary>
        private void WriteCrossReferenceStream(Dictionary<NameToken, IToken> trailer)
        {
            var self = new IndirectReference(next++, 0);
            offsets[self.ObjectNumber] = (output.Position, 0);
            var index = new List<IToken>();
            using var rows = new MemoryStream();
            foreach (var (first, entries) in Subsections())
            {
                index.Add(new NumericToken(first));
                index.Add(new NumericToken(entries.Count));
                foreach (var (offset, generation) in entries)
                {
                    rows.WriteByte(1);
                    for (var b = 7; b >= 0; b--)
                        rows.WriteByte((byte)(offset >> (8 * b)));
                    rows.WriteByte((byte)(generation >> 8));
                    rows.WriteByte((byte)generation);
                }
            }
            var start = offsets[self.ObjectNumber].Offset;
            trailer[NameToken.Type] = NameToken.Create("XRef");
            trailer[NameToken.Size] = new NumericToken(next);
            trailer[NameToken.Create("W")] = new ArrayToken([new NumericToken(1), new NumericToken(8), new NumericToken(2)]);
            trailer[NameToken.Create("Index")] = new ArrayToken(index);
            var data = rows.ToArray();
            trailer[NameToken.Length] = new NumericToken(data.Length);
            output.Write(Encoding.ASCII.GetBytes(Invariant($"{self.ObjectNumber} 0 obj\n")));
            TokenWriter.Instance.WriteToken(new DictionaryToken(trailer), output);
            output.Write("\nstream\n"u8);
            output.Write(data);
            output.Write(Encoding.ASCII.GetBytes(Invariant($"\nendstream\nendobj\nstartxref\n{start}\n%%EOF\n")));
        }
    }
}
