using Fleet.Tests.Support;
using Fleet.Engine.Pdf;

namespace Fleet.Tests.Pdf;

public class TextLayerDocumentTests
{
    [Test]
    public void Born_digital_page_gives_its_words_with_top_left_boxes_in_points()
    {
        using var document = TextLayerDocument.Open(TestPdfs.BornDigital(
            ["Fleet reads the text layer first.", "Second line of the page."],
            ["Another page entirely."]));

        var words = document.Words(1);

        Assert.That(document.OpenError, Is.Null);
        Assert.That(words.Select(w => w.Text), Is.EqualTo(new[] { "Fleet", "reads", "the", "text", "layer", "first.", "Second", "line", "of", "the", "page." }));
        Assert.That(words, Has.All.Property("Confidence").EqualTo(1.0));
        var first = words[0].Box;
        Assert.That(first.X, Is.EqualTo(TestPdfs.Margin).Within(2));
        Assert.That(first.Y, Is.EqualTo(TestPdfs.Margin).Within(4), "top-left origin: the first line sits at the top margin");
        Assert.That(first.Height, Is.InRange(6, 14), "about the 11 pt font size");
        var second = words.First(w => w.Text == "Second").Box;
        Assert.That(second.Y - first.Y, Is.EqualTo(TestPdfs.LineHeight).Within(1), "lines run downwards");
        Assert.That(document.Words(2).Select(w => w.Text), Is.EqualTo(new[] { "Another", "page", "entirely." }));
    }

    [Test]
    public void Two_column_page_gives_words_from_both_columns_at_their_x()
    {
        using var document = TextLayerDocument.Open(TestPdfs.BornDigitalTwoColumns(["Left column text."], ["Right column text."]));

        var words = document.Words(1);

        Assert.That(words.Single(w => w.Text == "Left").Box.X, Is.EqualTo(TestPdfs.Margin).Within(2));
        Assert.That(words.Single(w => w.Text == "Right").Box.X, Is.EqualTo(TestPdfs.RightColumnX).Within(2));
    }

    [TestCase(90)]
    [TestCase(180)]
    [TestCase(270)]
    public void Rotated_page_gives_boxes_as_displayed(int degrees)
    {
        using var document = TextLayerDocument.Open(TestPdfs.Rotated(degrees));

        var words = document.Words(1);

        // The generator lays text out upright as displayed, from the top-left margin.
        var first = words[0].Box;
        Assert.That(words[0].Text, Is.EqualTo("This"));
        Assert.That(first.X, Is.EqualTo(TestPdfs.Margin).Within(2));
        Assert.That(first.Y, Is.EqualTo(TestPdfs.Margin).Within(4));
        Assert.That(first.Width, Is.GreaterThan(first.Height), "a horizontal word as displayed");
    }

    [Test]
    public void Scanned_page_has_no_words()
    {
        using var document = TextLayerDocument.Open(TestPdfs.Scanned(100, ["Only pixels here."]));

        Assert.That(document.Words(1), Is.Empty);
    }

    [Test]
    public void Encrypted_pdf_with_only_an_owner_password_still_gives_its_words()
    {
        using var document = TextLayerDocument.Open(TestPdfs.Encrypted(""));

        Assert.That(document.Words(1).Select(w => w.Text), Does.Contain("encrypted."));
    }

    [Test]
    public void Unreadable_input_gives_no_words_and_keeps_the_reason()
    {
        using var document = TextLayerDocument.Open(TestPdfs.NotAPdf());

        Assert.That(document.Words(1), Is.Empty);
        Assert.That(document.OpenError, Is.Not.Null.And.Not.Empty);
    }

    [Test]
    public void Page_beyond_the_end_gives_no_words()
    {
        using var document = TextLayerDocument.Open(TestPdfs.BornDigital(["One page only."]));

        Assert.That(document.Words(2), Is.Empty);
    }
}
