using Fleet.Bench;

namespace Fleet.Tests.Bench;

public class BenchCharacterErrorRateTests
{
    [Test]
    public void Identical_text_has_no_errors_whatever_the_layout_whitespace() =>
        Assert.That(CharacterErrorRate.Compute("two  words\nand more", "two words and\tmore"), Is.Zero);

    [Test]
    public void One_substitution_in_ten_characters_is_ten_percent() =>
        Assert.That(CharacterErrorRate.Compute("abcdefghij", "abcdefghiX"), Is.EqualTo(0.1).Within(1e-12));

    [Test]
    public void Missing_and_extra_characters_count_as_edits()
    {
        Assert.That(CharacterErrorRate.Distance("kitten", "sitting"), Is.EqualTo(3));
        Assert.That(CharacterErrorRate.Compute("abc", ""), Is.EqualTo(1));
        Assert.That(CharacterErrorRate.Compute("", "x"), Is.EqualTo(1));
    }
}
