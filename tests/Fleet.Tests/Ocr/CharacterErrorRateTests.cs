using Fleet.Tests.Support;

namespace Fleet.Tests.Ocr;

public class CharacterErrorRateTests
{
    [Test]
    public void Identical_text_up_to_layout_whitespace_has_no_errors()
    {
        Assert.That(CharacterErrorRate.Compute("one two\nthree", "  one   two three\n"), Is.Zero);
    }

    [Test]
    public void Edits_are_counted_against_the_expected_length()
    {
        // kitten -> sitting: 3 edits over 6 characters.
        Assert.That(CharacterErrorRate.Compute("kitten", "sitting"), Is.EqualTo(0.5));
    }
}
