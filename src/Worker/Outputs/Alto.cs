using System.Globalization;
using System.Text;
using System.Xml;

namespace Fleet.Worker.Outputs;

/// <summary>
/// &lt;name&gt;.alto.xml: the result as ALTO v4. ALTO has no unit of points, so positions are in
/// <c>inch1200</c> (1/1200 inch, 1/16.67 pt), top-left origin: Page / PrintSpace / one TextBlock per page holding its
/// TextLines, each String with HPOS, VPOS, WIDTH, HEIGHT and WC (0-1), an SP between words.
/// </summary>
public static class Alto
{
    public const string Namespace = "http://www.loc.gov/standards/alto/ns-v4#";
    public const double UnitsPerPoint = 1200.0 / 72.0;

    public static byte[] Write(DocumentResult result)
    {
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("alto", Namespace);
            xml.WriteAttributeString("xmlns", "xsi", null, "http://www.w3.org/2001/XMLSchema-instance");
            xml.WriteAttributeString("xsi", "schemaLocation", "http://www.w3.org/2001/XMLSchema-instance",
                "http://www.loc.gov/standards/alto/ns-v4# http://www.loc.gov/alto/v4/alto-4-2.xsd");
            xml.WriteStartElement("Description", Namespace);
            xml.WriteElementString("MeasurementUnit", Namespace, "inch1200");
            xml.WriteStartElement("sourceImageInformation", Namespace);
            xml.WriteElementString("fileName", Namespace, result.Source);
            xml.WriteEndElement();
            xml.WriteStartElement("OCRProcessing", Namespace);
            xml.WriteAttributeString("ID", "ocr_0");
            xml.WriteStartElement("ocrProcessingStep", Namespace);
            xml.WriteStartElement("processingSoftware", Namespace);
            xml.WriteElementString("softwareName", Namespace, $"Fleet ({string.Join("; ", result.Engines)})");
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndElement();

            xml.WriteStartElement("Layout", Namespace);
            foreach (var page in result.Pages)
                WritePage(xml, page);
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        return buffer.ToArray();
    }

    private static void WritePage(XmlWriter xml, PageResult page)
    {
        var n = page.Number;
        xml.WriteStartElement("Page", Namespace);
        xml.WriteAttributeString("ID", $"page_{n}");
        xml.WriteAttributeString("PHYSICAL_IMG_NR", n.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("WIDTH", Units(page.Width));
        xml.WriteAttributeString("HEIGHT", Units(page.Height));
        xml.WriteStartElement("PrintSpace", Namespace);
        Position(xml, new Box(0, 0, page.Width, page.Height));
        if (page.Lines.Count > 0)
        {
            xml.WriteStartElement("TextBlock", Namespace);
            xml.WriteAttributeString("ID", $"block_{n}_1");
            Position(xml, page.Lines.Select(l => l.Box).Aggregate(Box.Union));
            for (var l = 0; l < page.Lines.Count; l++)
            {
                var line = page.Lines[l];
                xml.WriteStartElement("TextLine", Namespace);
                xml.WriteAttributeString("ID", $"line_{n}_{l + 1}");
                Position(xml, line.Box);
                for (var w = 0; w < line.Words.Count; w++)
                {
                    var word = line.Words[w];
                    if (w > 0)
                    {
                        var previous = line.Words[w - 1].Box;
                        xml.WriteStartElement("SP", Namespace);
                        xml.WriteAttributeString("HPOS", Units(previous.Right));
                        xml.WriteAttributeString("VPOS", Units(previous.Y));
                        xml.WriteAttributeString("WIDTH", Units(Math.Max(0, word.Box.X - previous.Right)));
                        xml.WriteEndElement();
                    }
                    xml.WriteStartElement("String", Namespace);
                    xml.WriteAttributeString("ID", $"string_{n}_{l + 1}_{w + 1}");
                    Position(xml, word.Box);
                    xml.WriteAttributeString("WC", Math.Round(word.Confidence, 4).ToString("0.####", CultureInfo.InvariantCulture));
                    xml.WriteAttributeString("CONTENT", word.Text);
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void Position(XmlWriter xml, Box box)
    {
        xml.WriteAttributeString("HPOS", Units(box.X));
        xml.WriteAttributeString("VPOS", Units(box.Y));
        xml.WriteAttributeString("WIDTH", Units(box.Width));
        xml.WriteAttributeString("HEIGHT", Units(box.Height));
    }

    /// <summary>Points in 1/1200 inch, to two decimals (ALTO v4 positions are floats).</summary>
    public static string Units(double points) =>
        Math.Round(points * UnitsPerPoint, 2, MidpointRounding.AwayFromZero).ToString("0.##", CultureInfo.InvariantCulture);
}
