package org.blendstream.eval.report;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;

/**
 * The report parsed by the JDK's XML parser: it is written as XHTML, so an unescaped {@code <} or
 * {@code &}, an unclosed element or a character XML cannot carry is a parse error here, which an
 * HTML parser would repair.
 */
public final class ReportXml {

  public static final String XHTML = "http://www.w3.org/1999/xhtml";
  public static final String SVG = "http://www.w3.org/2000/svg";

  private ReportXml() {}

  public static Document parse(String html) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    f.setExpandEntityReferences(false);
    var builder = f.newDocumentBuilder();
    // The default handler prints to stderr and goes on; a report with any error must fail.
    builder.setErrorHandler(
        new ErrorHandler() {
          @Override
          public void warning(SAXParseException e) throws SAXParseException {
            throw e;
          }

          @Override
          public void error(SAXParseException e) throws SAXParseException {
            throw e;
          }

          @Override
          public void fatalError(SAXParseException e) throws SAXParseException {
            throw e;
          }
        });
    return builder.parse(new InputSource(new StringReader(html)));
  }

  /** The ids of the page's sections, in order. */
  public static List<String> sectionIds(Document doc) {
    List<String> ids = new ArrayList<>();
    NodeList sections = doc.getElementsByTagNameNS(XHTML, "section");
    for (int i = 0; i < sections.getLength(); i++) {
      ids.add(((Element) sections.item(i)).getAttribute("id"));
    }
    return ids;
  }

  /** The section with that id; fails if there is none. */
  public static Element section(Document doc, String id) {
    NodeList sections = doc.getElementsByTagNameNS(XHTML, "section");
    for (int i = 0; i < sections.getLength(); i++) {
      Element e = (Element) sections.item(i);
      if (id.equals(e.getAttribute("id"))) {
        return e;
      }
    }
    throw new AssertionError("no section " + id + " among " + sectionIds(doc));
  }

  /**
   * The text of every cell of the first table under {@code root}, row by row (header row excluded).
   */
  public static List<List<String>> tableRows(Element root) {
    List<List<String>> rows = new ArrayList<>();
    NodeList trs = root.getElementsByTagNameNS(XHTML, "tr");
    for (int i = 0; i < trs.getLength(); i++) {
      NodeList tds = ((Element) trs.item(i)).getElementsByTagNameNS(XHTML, "td");
      if (tds.getLength() == 0) {
        continue;
      }
      List<String> row = new ArrayList<>();
      for (int j = 0; j < tds.getLength(); j++) {
        row.add(tds.item(j).getTextContent());
      }
      rows.add(row);
    }
    return rows;
  }

  /** Texts of every element with that local name in that namespace. */
  public static List<String> texts(Document doc, String ns, String name) {
    List<String> out = new ArrayList<>();
    NodeList nodes = doc.getElementsByTagNameNS(ns, name);
    for (int i = 0; i < nodes.getLength(); i++) {
      out.add(nodes.item(i).getTextContent());
    }
    return out;
  }
}
