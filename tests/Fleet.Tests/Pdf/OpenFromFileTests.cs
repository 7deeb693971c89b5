using Fleet.Tests.Support;
using Fleet.Engine.Pdf;

namespace Fleet.Tests.Pdf;

/// <summary>The worker opens its local copies from disk; what it reads must be what it reads from memory.</summary>
public sealed class OpenFromFileTests
{
    private string path = null!;

    [SetUp]
    public void NameFile() => path = Path.Combine(Path.GetTempPath(), $"fleet-open-{Guid.NewGuid():N}.pdf");

    [TearDown]
    public void RemoveFile() => File.Delete(path);

    [Test]
    public void PDFium_opened_from_a_file_sees_the_pages_it_sees_in_memory()
    {
        var pdf = TestPdfs.BornDigital(["Page one."], ["Page two."], ["Page three."]);
        File.WriteAllBytes(path, pdf);

        using var fromFile = PdfiumDocument.OpenFile(path);
        using var fromMemory = PdfiumDocument.Open(pdf);
        using var rendered = fromFile.Render(0, 72, 10_000_000);

        Assert.That(fromFile.PageCount, Is.EqualTo(3));
        Assert.That(fromFile.PageSize(2), Is.EqualTo(fromMemory.PageSize(2)));
        Assert.That((rendered.Bitmap.Width, rendered.Bitmap.Height), Is.EqualTo((612, 792)));
    }

    [Test]
    public void The_text_layer_read_from_a_file_is_the_one_read_from_memory()
    {
        var pdf = TestPdfs.BornDigital(["Words from the text layer."], ["And the second page."]);
        File.WriteAllBytes(path, pdf);

        using var fromFile = TextLayerDocument.OpenFile(path);
        using var fromMemory = TextLayerDocument.Open(pdf);

        Assert.That(fromFile.OpenError, Is.Null);
        Assert.That(fromFile.Words(2), Is.EqualTo(fromMemory.Words(2)));
        Assert.That(fromFile.Words(1).Select(w => w.Text), Is.EqualTo(new[] { "Words", "from", "the", "text", "layer." }));
    }

    [TestCase(new byte[0], "empty file")]
    [TestCase(new byte[] { (byte)'h', (byte)'i' }, "not a PDF: the file does not start with a PDF header")]
    public void A_file_that_is_not_a_PDF_is_rejected_with_the_reason(byte[] content, string reason)
    {
        File.WriteAllBytes(path, content);

        Assert.That(() => PdfiumDocument.OpenFile(path), Throws.TypeOf<PdfRejectedException>().With.Message.EqualTo(reason));
    }

    [Test]
    public void An_encrypted_file_is_rejected_as_from_memory()
    {
        File.WriteAllBytes(path, TestPdfs.Encrypted("secret"));

        Assert.That(() => PdfiumDocument.OpenFile(path), Throws.InstanceOf<PdfRejectedException>().With.Message.EqualTo("encrypted: password required"));
    }
}
