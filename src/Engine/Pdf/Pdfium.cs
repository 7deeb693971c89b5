using System.Runtime.InteropServices;

namespace Fleet.Engine.Pdf;

/// <summary>
/// The slice of PDFium's C API that Fleet uses. PDFium keeps global state and is not thread-safe, so every call,
/// from any document, must be made while holding <see cref="Sync"/>.
/// </summary>
internal static partial class Pdfium
{
    private const string Library = "pdfium";

    /// <summary>The one process-wide lock around PDFium.</summary>
    public static readonly Lock Sync = new();

    // FPDF_GetLastError codes (fpdfview.h).
    public const uint ErrSuccess = 0;
    public const uint ErrUnknown = 1;
    public const uint ErrFile = 2;
    public const uint ErrFormat = 3;
    public const uint ErrPassword = 4;
    public const uint ErrSecurity = 5;
    public const uint ErrPage = 6;

    // Render flags (fpdfview.h).
    public const int FlagAnnotations = 0x01;
    public const int FlagLcdText = 0x02;
    public const int FlagForceHalftone = 0x400;

    public const int BitmapFormatBgra = 4;

    private static bool initialised;

    /// <summary>Initialises PDFium once per process; callers hold <see cref="Sync"/>.</summary>
    public static void EnsureInitialised()
    {
        if (initialised)
        {
            return;
        }

        FPDF_InitLibrary();
        initialised = true;
    }

    [LibraryImport(Library)]
    private static partial void FPDF_InitLibrary();

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint FPDF_LoadMemDocument(nint data, int size, string? password);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint FPDF_LoadDocument(string path, string? password);

    // unsigned long: 64-bit on Linux, 32-bit on Windows; CULong follows the platform.
    [LibraryImport(Library)]
    private static partial CULong FPDF_GetLastError();

    public static uint LastError() => (uint)FPDF_GetLastError().Value;

    [LibraryImport(Library)]
    public static partial void FPDF_CloseDocument(nint document);

    [LibraryImport(Library)]
    public static partial int FPDF_GetPageCount(nint document);

    [LibraryImport(Library)]
    public static partial int FPDF_GetPageSizeByIndex(nint document, int pageIndex, out double width, out double height);

    [LibraryImport(Library)]
    public static partial nint FPDF_LoadPage(nint document, int pageIndex);

    [LibraryImport(Library)]
    public static partial void FPDF_ClosePage(nint page);

    [LibraryImport(Library)]
    public static partial nint FPDFBitmap_CreateEx(int width, int height, int format, nint firstScan, int stride);

    [LibraryImport(Library)]
    public static partial void FPDF_RenderPageBitmap(nint bitmap, nint page, int startX, int startY, int sizeX, int sizeY, int rotate, int flags);

    [LibraryImport(Library)]
    public static partial void FPDFBitmap_Destroy(nint bitmap);
}
