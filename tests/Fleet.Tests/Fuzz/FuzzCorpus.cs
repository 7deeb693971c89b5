using Fleet.Tests.Support;

namespace Fleet.Tests.Fuzz;

/// <summary>
/// A fixed set of damaged PDFs: three valid seeds (born-digital, scanned, two-column), each damaged in four ways by a
/// random source seeded per case. The seeds are regenerated per run and differ only in PDFsharp's fixed-width date and
/// /ID strings, so a case's seed picks the same kind of damage at the same offsets every time.
/// </summary>
public static class FuzzCorpus
{
    // Twenty of each seed and kind of damage; the direct run takes about a second.
    public const int Cases = 240;
    private const int BaseSeed = 20_261_123;

    private static readonly Lazy<byte[][]> Seeds = new(() =>
    [
        TestPdfs.BornDigital(
            ["A born-digital page with a text layer.", "It has a second line of prose."],
            ["The second page of the born-digital seed."]),
        TestPdfs.Scanned(100, ["A scanned page, an image and nothing else."]),
        TestPdfs.BornDigitalTwoColumns(["The left column of the page."], ["The right column of the page."]),
    ]);

    public static IEnumerable<FuzzCase> All() => Enumerable.Range(0, Cases).Select(Case);

    public static FuzzCase Case(int index)
    {
        var seedIndex = index % 3;
        var damage = (PdfMutator.Damage)(index / 3 % 4);
        var bytes = PdfMutator.Apply(Seeds.Value[seedIndex], damage, new Random(BaseSeed + index));
        return new FuzzCase(index, $"fuzz-{index:D2}-{SeedNames[seedIndex]}-{damage}.pdf", bytes);
    }

    private static readonly string[] SeedNames = ["born", "scan", "columns"];
}

public sealed record FuzzCase(int Index, string Name, byte[] Bytes)
{
    public override string ToString() => Name;
}
