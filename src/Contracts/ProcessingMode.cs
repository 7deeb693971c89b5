namespace Fleet.Contracts;

/// <summary>How a page's text is obtained: the text layer where it is good (auto), never OCR (text), always OCR (ocr).</summary>
public enum ProcessingMode
{
    Auto,
    Text,
    Ocr,
}
