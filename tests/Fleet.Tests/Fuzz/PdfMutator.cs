using System.Text;

namespace Fleet.Tests.Fuzz;

/// <summary>The damage real files suffer, applied with a seeded random source so every case can be replayed.</summary>
public static class PdfMutator
{
    public enum Damage
    {
        FlippedBytes,
        Truncated,
        CorruptXref,
        CorruptTrailer,
    }

    public static byte[] Apply(byte[] pdf, Damage damage, Random random)
    {
        var copy = (byte[])pdf.Clone();
        switch (damage)
        {
            case Damage.FlippedBytes:
                // Past the header, or the case only retests "not a PDF".
                for (var i = random.Next(1, 64); i > 0; i--)
                {
                    copy[random.Next(16, copy.Length)] ^= (byte)random.Next(1, 256);
                }

                return copy;
            case Damage.Truncated:
                return copy[..random.Next(16, copy.Length)];
            case Damage.CorruptXref:
                return Scribble(copy, LastIndexOf(copy, "xref"), random);
            case Damage.CorruptTrailer:
                return Scribble(copy, LastIndexOf(copy, "trailer") is var t and >= 0 ? t : LastIndexOf(copy, "startxref"), random);
            default:
                throw new ArgumentOutOfRangeException(nameof(damage), damage, null);
        }
    }

    /// <summary>Overwrites a run of bytes from just before <paramref name="at"/> with random printable text and digits.</summary>
    private static byte[] Scribble(byte[] pdf, int at, Random random)
    {
        var start = Math.Max(16, (at < 0 ? pdf.Length - 64 : at) - random.Next(0, 16));
        var length = Math.Min(pdf.Length - start, random.Next(4, 48));
        for (var i = start; i < start + length; i++)
        {
            pdf[i] = (byte)random.Next(32, 127);
        }

        return pdf;
    }

    private static int LastIndexOf(byte[] pdf, string token) => pdf.AsSpan().LastIndexOf(Encoding.ASCII.GetBytes(token));
}
