using Fleet.Engine.Pdf;

namespace Fleet.Bench.TextLayers;

/// <summary>One document's pages compared with pdftotext's.</summary>
public sealed class TextLayerBenchRow(string document, int pageCount)
{
    public string Document { get; } = document;
    public int PageCount { get; } = pageCount;
    public int Pages { get; private set; }

    /// <summary>Pages with text per pdftotext (blank ones are not counted as sent to OCR or not).</summary>
    public int TextPages { get; private set; }

    /// <summary>Pages with text that the quality check would send to OCR, by number.</summary>
    public List<int> SentToOcr { get; } = [];

    public int ReferenceWords { get; private set; }
    public int WordErrors { get; private set; }
    public int ReferenceCharacters { get; private set; }
    public int CharacterErrors { get; private set; }

    /// <summary>Ligature glyphs (U+FB00-FB06) left in Fleet's text; pdftotext expands them.</summary>
    public int Ligatures { get; private set; }

    /// <summary>The pages with the highest character error in line order, worst first (page, CER).</summary>
    public List<WorstPage> Worst { get; } = [];

    public double ReadMs { get; set; }

    public double WordErrorRate => ReferenceWords == 0 ? 0 : (double)WordErrors / ReferenceWords;
    public double CharacterErrorRate => ReferenceCharacters == 0 ? 0 : (double)CharacterErrors / ReferenceCharacters;

    public void Add(int number, string expected, TextLayerPage page)
    {
        Pages++;
        var actual = page.Text;
        var referenceWords = ContentWords(expected);
        if (referenceWords.Count == 0)
            return;
        TextPages++;
        if (!page.Usable)
            SentToOcr.Add(number);
        ReferenceWords += referenceWords.Count;
        WordErrors += OrderFreeErrors(referenceWords, ContentWords(actual));
        Ligatures += actual.Count(c => c is >= '\uFB00' and <= '\uFB06');
        var reference = Bench.CharacterErrorRate.Normalise(expected).Length;
        var distance = Bench.CharacterErrorRate.Distance(expected, actual);
        ReferenceCharacters += reference;
        CharacterErrors += distance;
        Worst.Add(new WorstPage(number, Math.Round((double)distance / Math.Max(1, reference), 4)));
        Worst.Sort((a, b) => b.Cer.CompareTo(a.Cer));
        if (Worst.Count > 5)
            Worst.RemoveAt(Worst.Count - 1);
    }

    public string Line() =>
        $"{Document,-24} {Pages,4} pages  word error {WordErrorRate:P2}  CER {CharacterErrorRate:P2}  to OCR {SentToOcr.Count}/{TextPages}  ligatures {Ligatures}";

    /// <summary>
    /// Words as bags: the larger of (pdftotext's words Fleet lacks) and (Fleet's words pdftotext lacks), so a
    /// substituted word counts once and order does not count at all.
    /// </summary>
    public static int OrderFreeErrors(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var word in expected)
            counts[word] = counts.GetValueOrDefault(word) + 1;
        var extra = 0;
        foreach (var word in actual)
        {
            if (counts.GetValueOrDefault(word) > 0)
                counts[word]--;
            else
                extra++;
        }
        var missing = counts.Values.Sum();
        return Math.Max(missing, extra);
    }

    /// <summary>Whitespace-separated words; dot leaders (tokens of dots alone) carry no text and are not counted.</summary>
    public static List<string> ContentWords(string text) =>
        [.. text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Where(w => !w.All(c => c is '.' or '\u2026'))];
}

/// <summary>A page and its character error in line order.</summary>
public readonly record struct WorstPage(int Page, double Cer);
