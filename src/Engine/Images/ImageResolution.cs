namespace Fleet.Engine.Images;

/// <summary>
/// The resolution an image page is taken at, which fixes its size in points (and so the scale OCR'd pixels are read
/// at). The file's own figure when it is plausible; else an estimate: the DPI that makes the image a Letter, A4 or
/// Legal page when its sides have that paper's proportions (within 1.5%), else the batch's DPI, i.e. the pixels are
/// read as they are.
/// </summary>
public sealed record ImageResolution(double DpiX, double DpiY, bool Estimated)
{
    // 72 and 96 are what cameras, screenshots and most software write when they know nothing of the paper.
    private static readonly double[] SoftwareDefaults = [72, 96];
    private const double MinDpi = 50, MaxDpi = 2400;
    // PDF's own limit on a page side; beyond it a stated resolution cannot be a page's.
    private const double MaxSideInches = 200;
    private const double PaperTolerance = 0.015;

    // Long and short sides in inches.
    private static readonly (double Long, double Short)[] Papers = [(11, 8.5), (297 / 25.4, 210 / 25.4), (14, 8.5)];

    public static ImageResolution Of(double? dpiX, double? dpiY, int width, int height, int fallbackDpi)
    {
        var x = dpiX ?? dpiY;
        var y = dpiY ?? dpiX;
        if (x is { } sx && y is { } sy && Plausible(sx) && Plausible(sy) && width / sx <= MaxSideInches && height / sy <= MaxSideInches)
            return new ImageResolution(sx, sy, false);
        var estimate = FromPaper(width, height) ?? fallbackDpi;
        return new ImageResolution(estimate, estimate, true);
    }

    private static bool Plausible(double dpi) => dpi is >= MinDpi and <= MaxDpi && !SoftwareDefaults.Contains(Math.Round(dpi));

    private static double? FromPaper(int width, int height)
    {
        double longSide = Math.Max(width, height), shortSide = Math.Min(width, height);
        foreach (var paper in Papers)
        {
            var proportion = paper.Long / paper.Short;
            if (Math.Abs(longSide / shortSide - proportion) / proportion > PaperTolerance)
                continue;
            var dpi = Math.Round(longSide / paper.Long);
            if (dpi is >= 100 and <= 1200)
                return dpi;
        }
        return null;
    }
}
