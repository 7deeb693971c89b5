using Fleet.Tests.Outputs;

namespace Fleet.Tests.Support;

/// <summary>PDFs encrypted by qpdf (AES-256, revision 6: what current tools write), a different writer than the tests' PDFsharp.</summary>
public static class QpdfEncryption
{
    public static byte[] Encrypt(byte[] pdf, string userPassword, string ownerPassword = "owner-of-the-file")
    {
        var folder = Directory.CreateTempSubdirectory("fleet-qpdf-");
        try
        {
            var plain = Path.Combine(folder.FullName, "plain.pdf");
            var locked = Path.Combine(folder.FullName, "locked.pdf");
            File.WriteAllBytes(plain, pdf);
            var (exit, _, stderr) = ExternalTool.Run("qpdf", "--encrypt", userPassword, ownerPassword, "256", "--", plain, locked);
            Assert.That(exit, Is.Zero, $"qpdf --encrypt: {stderr}");
            return File.ReadAllBytes(locked);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
