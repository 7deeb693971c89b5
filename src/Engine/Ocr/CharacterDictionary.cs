namespace Fleet.Engine.Ocr;

/// <summary>
/// The recogniser's output classes: index 0 is the CTC blank, then one class per line of the keys file, then a space
/// (PaddleOCR appends it when use_space_char is on, as it is for the PP-OCRv4 Chinese/English model).
/// </summary>
internal sealed class CharacterDictionary
{
    public const int Blank = 0;

    private readonly string[] _classes;
    private readonly string[] _folded;
    private readonly Dictionary<string, int> _indexOf;
    private readonly bool[] _cjk;

    private CharacterDictionary(string[] classes)
    {
        _classes = classes;
        _folded = [.. classes.Select(c => c.Length == 0 ? c : Confusables.Normalise(c))];
        _cjk = [.. _folded.Select(c => c.Any(IsCjk))];
        _indexOf = [];
        for (var i = classes.Length - 1; i > 0; i--)
            _indexOf[classes[i]] = i;
    }

    public int Count => _classes.Length;

    public string this[int index] => _classes[index];

    /// <summary>The class whose text is <paramref name="text"/> (the first, if the keys repeat it), or -1.</summary>
    public int IndexOf(string text) => _indexOf.GetValueOrDefault(text, -1);

    /// <summary>The class's text with look-alike punctuation folded to ASCII (see <see cref="Confusables"/>).</summary>
    public string Folded(int index) => _folded[index];

    /// <summary>
    /// Whether the class is a letter of another script than Latin: Chinese, Japanese, Korean, Greek or Cyrillic
    /// (after folding: 、 and 。 are ASCII then).
    /// </summary>
    public bool IsCjkClass(int index) => _cjk[index];

    /// <summary>
    /// Han, kana, Hangul, CJK symbols and their compatibility forms, and Greek and Cyrillic letters: on a Latin-script
    /// line these are misreadings (了 for '}', θ for 0, α for q), not text.
    /// </summary>
    public static bool IsCjk(char c) =>
        c is >= '\u2E80' and <= '\u9FFF' or >= '\uAC00' and <= '\uD7AF' or >= '\uF900' and <= '\uFAFF'
            or >= '\uFE30' and <= '\uFE4F' or >= '\uFF61' and <= '\uFFDC' or >= '\u0370' and <= '\u03FF' or >= '\u0400' and <= '\u04FF';

    public static CharacterDictionary Load(string keysPath)
    {
        // Keys are read verbatim: trimming would turn whitespace-like keys into empty strings and shift every index.
        var keys = File.ReadAllLines(keysPath);
        return FromKeys(keys);
    }

    public static CharacterDictionary FromKeys(IReadOnlyList<string> keys)
    {
        var classes = new string[keys.Count + 2];
        classes[0] = string.Empty;
        for (var i = 0; i < keys.Count; i++)
            classes[i + 1] = keys[i];
        classes[^1] = " ";
        return new CharacterDictionary(classes);
    }
}
