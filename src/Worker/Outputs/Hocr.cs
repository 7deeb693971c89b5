using System.Globalization;
using System.Text;
using System.Xml;

namespace Fleet.Worker.Outputs;

/// <summary>
/// &lt;name&gt;.hocr: the result as hOCR 1.2 (XHTML): one <c>ocr_page</c> per page, <c>ocr_line</c>s and
/// <c>ocrx_word</c>s with <c>bbox</c> and <c>x_wconf</c> (0-100). hOCR boxes are whole pixels of the page image, so
/// they are given at <see cref="Resolution"/> pixels per inch (<c>scan_res</c>), about 0.24 pt each.
/// </summary>
public static class Hocr
{
    public const int Resolution = 300;
    private const string Xhtml = "http://www.w3.org/1999/xhtml";

    public static byte[] Write(DocumentResult result)
    {
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("html", Xhtml);
            xml.WriteAttributeString("xml", "lang", null, "en");
            xml.WriteStartElement("head", Xhtml);
            xml.WriteElementString("title", Xhtml, result.Source);
            Meta(xml, "ocr-system", $"Fleet ({string.Join("; ", result.Engines)})");
            Meta(xml, "ocr-capabilities", "ocr_page ocr_line ocrx_word ocrp_wconf");
            Meta(xml, "ocr-number-of-pages", result.Pages.Count.ToString(CultureInfo.InvariantCulture));
            xml.WriteEndElement();
            xml.WriteStartElement("body", Xhtml);
            foreach (var page in result.Pages)
                WritePage(xml, result.Source, page);
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        return buffer.ToArray();
    }

    private static void WritePage(XmlWriter xml, string source, PageResult page)
    {
        var n = page.Number;
        xml.WriteStartElement("div", Xhtml);
        xml.WriteAttributeString("class", "ocr_page");
        xml.WriteAttributeString("id", $"page_{n}");
        xml.WriteAttributeString("title", Invariant(
            $"image \"{source.Replace("\"", "", StringComparison.Ordinal)}\"; bbox 0 0 {Pixels(page.Width)} {Pixels(page.Height)}; ppageno {n - 1}; scan_res {Resolution} {Resolution}"));
        for (var l = 0; l < page.Lines.Count; l++)
        {
            var line = page.Lines[l];
            xml.WriteStartElement("span", Xhtml);
            xml.WriteAttributeString("class", "ocr_line");
            xml.WriteAttributeString("id", $"line_{n}_{l + 1}");
            xml.WriteAttributeString("title", BoundingBox(line.Box));
            for (var w = 0; w < line.Words.Count; w++)
            {
                var word = line.Words[w];
                if (w > 0)
                    xml.WriteString(" ");
                xml.WriteStartElement("span", Xhtml);
                xml.WriteAttributeString("class", "ocrx_word");
                xml.WriteAttributeString("id", $"word_{n}_{l + 1}_{w + 1}");
                xml.WriteAttributeString("title", BoundingBox(word.Box) + Invariant($"; x_wconf {Math.Round(word.Confidence * 100):0}"));
                xml.WriteString(word.Text);
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    private static void Meta(XmlWriter xml, string name, string content)
    {
        xml.WriteStartElement("meta", Xhtml);
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("content", content);
        xml.WriteEndElement();
    }

    /// <summary>"bbox x0 y0 x1 y1" in pixels at <see cref="Resolution"/>, top-left origin.</summary>
    private static string BoundingBox(Box box) =>
        Invariant($"bbox {Pixels(box.X)} {Pixels(box.Y)} {Pixels(box.Right)} {Pixels(box.Bottom)}");

    /// <summary>Points to whole pixels at <see cref="Resolution"/>.</summary>
    public static long Pixels(double points) => (long)Math.Round(points * Resolution / 72.0, MidpointRounding.AwayFromZero);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
