using Fleet.Engine.Text;

namespace Fleet.Tests.Text;

public sealed class TextNormaliserTests
{
    [TestCase("\uFB01les", "files")]
    [TestCase("o\uFB04ine e\uFB00ect", "offline effect")]
    [TestCase("Mo\u0308ller", "Möller")]
    [TestCase("Jose\u0301 Garc\u0131\u0301a", "José Garc\u0131\u0301a")]
    [TestCase("u\u0308\u0304", "\u01D6")]
    [TestCase("\uFF21\uFF22\uFF23\uFF11", "ABC1")]
    [TestCase("H\u2082O \u2122", "H2O TM")]
    [TestCase("\u00BD cup", "1\u20442 cup")]
    [TestCase("plain ASCII stays", "plain ASCII stays")]
    [TestCase("\u00A8 alone", "\u00A8 alone")]
    public void Text_is_nfkc_normalised_without_icu(string text, string expected) =>
        Assert.That(TextNormaliser.Nfkc(text), Is.EqualTo(expected));
}
