namespace Fleet.Tests.Support;

/// <summary>
/// The inputs a real bucket throws at Fleet: bombs, posters, odd colour spaces, scanner encodings, rotations and very
/// long documents. Each is made on the fly and small on disk; what makes them hostile is what they ask of a renderer.
/// </summary>
public static class HostilePdfs
{
    /// <summary>Side of the 1-bit bomb image, in pixels: 1.6 gigapixels, 200 MB packed, 6.4 GB as BGRA.</summary>
    public const int BombSide = 40_000;

    /// <summary>The largest page PDF allows without /UserUnit: 14,400 points, i.e. 200 inches a side.</summary>
    public const double PosterSide = 14_400;

    public const string BombLine = "This page hides a decompression bomb.";
    public const string PosterLine = "POSTER";
    public const string CmykLine = "This page carries a CMYK image.";
    public const string AlphaLine = "This page carries an image with a soft mask.";
    public const string CcittLine = "This page carries a CCITT Group 4 image.";
    public const string Jbig2Line = "This page carries a JBIG2 image.";

    /// <summary>Width and height in pixels of the 1-bit CCITT and JBIG2 images.</summary>
    private const int CodedSide = 1_000;

    /// <summary>Page sizes of <see cref="MixedPageSizes"/>, in points, with the name each page prints.</summary>
    public static readonly (double Width, double Height, string Name)[] MixedSizes =
    [
        (595.28, 841.89, "A4 portrait"),
        (792, 612, "Letter landscape"),
        (841.89, 1190.55, "A3 portrait"),
        (360, 216, "a 5 by 3 inch card"),
    ];

    private static readonly Lazy<byte[]> CachedBomb = new(BuildBomb);

    /// <summary>
    /// A Letter page with a 40,000 x 40,000 1-bit white image drawn over it: the zlib stream is a few hundred KB but
    /// decodes to 200 MB, and a naive renderer would expand it to gigabytes. A line of text sits on top.
    /// </summary>
    public static byte[] DecompressionBomb() => CachedBomb.Value;

    /// <summary>One 200 x 200 inch page with a line of huge text: at 300 DPI that is 3.6 gigapixels.</summary>
    public static byte[] Poster()
    {
        var pdf = new HandBuiltPdf();
        pdf.AddPage(PosterSide, PosterSide, [PosterLine], fontSize: 1_200);
        return pdf.Build();
    }

    /// <summary>A Letter page with a text line and a pure cyan CMYK image in the lower half.</summary>
    public static byte[] CmykImage()
    {
        const int width = 200, height = 100;
        var pixels = new byte[width * height * 4];
        for (var i = 0; i < pixels.Length; i += 4)
        {
            pixels[i] = 255;
        }

        var pdf = new HandBuiltPdf();
        var image = pdf.AddStream($"/Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceCMYK " +
                                  "/BitsPerComponent 8 /Filter /FlateDecode", HandBuiltPdf.Deflate(pixels));
        pdf.AddPage(TestPdfs.LetterWidth, TestPdfs.LetterHeight, [CmykLine], "q 400 0 0 200 100 100 cm /Im1 Do Q", $"/XObject << /Im1 {image} 0 R >>");
        return pdf.Build();
    }

    /// <summary>
    /// A Letter page with a text line and a red RGB image whose soft mask makes its left half fully transparent.
    /// </summary>
    public static byte[] AlphaImage()
    {
        const int width = 200, height = 100;
        var rgb = new byte[width * height * 3];
        for (var i = 0; i < rgb.Length; i += 3)
        {
            rgb[i] = 255;
        }

        var alpha = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            Array.Fill(alpha, (byte)255, y * width + width / 2, width / 2);
        }

        var pdf = new HandBuiltPdf();
        var mask = pdf.AddStream($"/Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceGray " +
                                 "/BitsPerComponent 8 /Filter /FlateDecode", HandBuiltPdf.Deflate(alpha));
        var image = pdf.AddStream($"/Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceRGB " +
                                  $"/BitsPerComponent 8 /SMask {mask} 0 R /Filter /FlateDecode", HandBuiltPdf.Deflate(rgb));
        pdf.AddPage(TestPdfs.LetterWidth, TestPdfs.LetterHeight, [AlphaLine], "q 400 0 0 200 100 100 cm /Im1 Do Q", $"/XObject << /Im1 {image} 0 R >>");
        return pdf.Build();
    }

    /// <summary>
    /// A Letter page with a text line and a 1,000 x 1,000 CCITT Group 4 image (<see cref="WhiteGroup4Rows"/>), which
    /// /Decode [1 0] inverts, so a decoder that works paints a black square.
    /// </summary>
    public static byte[] CcittImage() =>
        InvertedSquare(CcittLine, $"/CCITTFaxDecode /DecodeParms << /K -1 /Columns {CodedSide} /Rows {CodedSide} >>", WhiteGroup4Rows());

    /// <summary>
    /// A Letter page with a text line and a 1,000 x 1,000 JBIG2 image (an embedded stream: page information, one
    /// immediate generic region coded with MMR, end of page). The region holds <see cref="WhiteGroup4Rows"/>, all
    /// background; /Decode [1 0] inverts it, so a decoder that works paints a black square.
    /// </summary>
    public static byte[] Jbig2Image()
    {
        var stream = new List<byte>();
        // Page information (type 48): width, height, resolutions unknown, flags 0, no striping.
        Segment(stream, 0, 48, [.. BigEndian(CodedSide), .. BigEndian(CodedSide), .. BigEndian(0), .. BigEndian(0), 0, 0, 0]);
        // Immediate generic region (type 38): region info (size, position, OR), then flags: MMR on.
        Segment(stream, 1, 38, [.. BigEndian(CodedSide), .. BigEndian(CodedSide), .. BigEndian(0), .. BigEndian(0), 0, 0x01, .. WhiteGroup4Rows()]);
        // End of page (type 49).
        Segment(stream, 2, 49, []);
        return InvertedSquare(Jbig2Line, "/JBIG2Decode", [.. stream]);

        static byte[] BigEndian(int value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];

        // Segment header (T.88 7.2): number, type, no referred-to segments, page 1, data length; then the data.
        static void Segment(List<byte> stream, int number, byte type, byte[] data)
        {
            stream.AddRange(BigEndian(number));
            stream.Add(type);
            stream.Add(0);
            stream.Add(1);
            stream.AddRange(BigEndian(data.Length));
            stream.AddRange(data);
        }
    }

    /// <summary>
    /// <see cref="CodedSide"/> white rows in CCITT Group 4 (MMR) coding: each row equals the one above, one "vertical 0"
    /// bit, then the end of facsimile block (two EOL codes, 000000000001), here after a whole number of bytes.
    /// </summary>
    private static byte[] WhiteGroup4Rows()
    {
        var rows = new byte[CodedSide / 8];
        Array.Fill(rows, (byte)0xFF);
        return [.. rows, 0x00, 0x10, 0x01];
    }

    /// <summary>A Letter page with <paramref name="line"/> and a 1-bit square image, inverted by /Decode [1 0], at (100, 100) 200 points wide.</summary>
    private static byte[] InvertedSquare(string line, string filter, byte[] data)
    {
        var pdf = new HandBuiltPdf();
        var image = pdf.AddStream($"/Type /XObject /Subtype /Image /Width {CodedSide} /Height {CodedSide} /ColorSpace /DeviceGray " +
                                  $"/BitsPerComponent 1 /Decode [1 0] /Filter {filter}", data);
        pdf.AddPage(TestPdfs.LetterWidth, TestPdfs.LetterHeight, [line], "q 200 0 0 200 100 100 cm /Im1 Do Q", $"/XObject << /Im1 {image} 0 R >>");
        return pdf.Build();
    }

    /// <summary>Four pages of different sizes and orientations: A4, Letter landscape, A3 and a 3 x 5 inch card.</summary>
    public static byte[] MixedPageSizes()
    {
        var pdf = new HandBuiltPdf();
        foreach (var (width, height, name) in MixedSizes)
        {
            pdf.AddPage(width, height, [$"This page is {name}."]);
        }

        return pdf.Build();
    }

    /// <summary>A born-digital report of <paramref name="pageCount"/> Letter pages, each saying its number.</summary>
    public static byte[] LongReport(int pageCount)
    {
        var pdf = new HandBuiltPdf();
        for (var n = 1; n <= pageCount; n++)
        {
            pdf.AddPage(TestPdfs.LetterWidth, TestPdfs.LetterHeight, [$"Page {n} of the long report."]);
        }

        return pdf.Build();
    }

    private static byte[] BuildBomb()
    {
        // Bit 1 is white in DeviceGray: a blank sheet, so OCR only finds the text line drawn on top.
        var packed = HandBuiltPdf.DeflatedRun(0xFF, (long)BombSide / 8 * BombSide);
        var pdf = new HandBuiltPdf();
        var image = pdf.AddStream($"/Type /XObject /Subtype /Image /Width {BombSide} /Height {BombSide} /ColorSpace /DeviceGray " +
                                  "/BitsPerComponent 1 /Filter /FlateDecode", packed);
        pdf.AddPage(TestPdfs.LetterWidth, TestPdfs.LetterHeight, [BombLine],
            $"q {TestPdfs.LetterWidth} 0 0 {TestPdfs.LetterHeight} 0 0 cm /Im1 Do Q", $"/XObject << /Im1 {image} 0 R >>", fontSize: 20);
        return pdf.Build();
    }
}
