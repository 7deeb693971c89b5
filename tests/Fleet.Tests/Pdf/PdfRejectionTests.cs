using Fleet.Tests.Support;
using Fleet.Engine.Pdf;

namespace Fleet.Tests.Pdf;

public class PdfRejectionTests
{
    [Test]
    public void Empty_file_is_rejected_as_empty()
    {
        Assert.That(() => PdfiumDocument.Open(TestPdfs.Empty()),
            Throws.TypeOf<PdfRejectedException>().With.Message.EqualTo("empty file"));
    }

    [Test]
    public void Text_file_is_rejected_as_not_a_pdf()
    {
        Assert.That(() => PdfiumDocument.Open(TestPdfs.NotAPdf()),
            Throws.TypeOf<PdfRejectedException>().With.Message.EqualTo("not a PDF: the file does not start with a PDF header"));
    }

    [Test]
    public void Header_without_a_body_is_rejected_as_damaged()
    {
        Assert.That(() => PdfiumDocument.Open("%PDF-1.7\nnothing else"u8.ToArray()),
            Throws.TypeOf<PdfRejectedException>().With.Message.StartsWith("damaged PDF:"));
    }

    [Test]
    public void Truncated_pdf_is_rejected_as_damaged()
    {
        // PDFium rebuilds a missing cross-reference table by scanning objects, but at 40% the page tree has not
        // been written yet, so there is nothing to recover: PDFium reports a format error.
        Assert.That(() => PdfiumDocument.Open(TestPdfs.Truncated()),
            Throws.TypeOf<PdfRejectedException>().With.Message.EqualTo("damaged PDF: PDFium could not parse it"));
    }

    [Test]
    public void Encrypted_pdf_without_password_is_rejected_with_clear_reason()
    {
        Assert.That(() => PdfiumDocument.Open(TestPdfs.Encrypted("secret")),
            Throws.InstanceOf<PdfRejectedException>().With.Message.EqualTo("encrypted: password required"));
    }

    [Test]
    public void Encrypted_pdf_with_wrong_password_is_rejected_as_incorrect_password()
    {
        Assert.That(() => PdfiumDocument.Open(TestPdfs.Encrypted("secret"), "guess"),
            Throws.TypeOf<PdfRejectedException>().With.Message.EqualTo("encrypted: the password is incorrect"));
    }

    [Test]
    public void Encrypted_pdf_opens_and_renders_with_its_user_password()
    {
        using var document = PdfiumDocument.Open(TestPdfs.Encrypted("secret"), "secret");
        using var page = document.Render(0, 72, long.MaxValue);

        Assert.That(document.PageCount, Is.EqualTo(1));
        Assert.That(Ink.DarkPixels(page.Bitmap), Is.GreaterThan(100));
    }

    [Test]
    public void Encrypted_pdf_with_only_an_owner_password_opens_without_a_password()
    {
        using var document = PdfiumDocument.Open(TestPdfs.Encrypted(""));
        using var page = document.Render(0, 72, long.MaxValue);

        Assert.That(Ink.DarkPixels(page.Bitmap), Is.GreaterThan(100));
    }
}
