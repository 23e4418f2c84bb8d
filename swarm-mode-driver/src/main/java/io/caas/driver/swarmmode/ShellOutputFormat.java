package io.caas.driver.swarmmode;

import freemarker.core.CommonMarkupOutputFormat;
import freemarker.core.CommonTemplateMarkupOutputModel;
import java.io.IOException;
import java.io.Writer;

/**
 * A FreeMarker output format for bash: every ${value} is auto-escaped into one single-quoted word, so no tenant
 * text (a label, a name) can end a quote, expand, or start a command. Inside single quotes bash gives no
 * character a meaning but the quote itself, which is written as '\''. NUL cannot live in a bash string, so it
 * is refused rather than silently cut.
 */
final class ShellOutputFormat extends CommonMarkupOutputFormat<ShellOutputFormat.Quoted> {
    static final ShellOutputFormat INSTANCE = new ShellOutputFormat();

    private ShellOutputFormat() {
    }

    static String quote(String text) {
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("A value for a shell script must not contain a NUL character");
        }
        return "'" + text.replace("'", "'\\''") + "'";
    }

    @Override
    public String getName() {
        return "bash";
    }

    @Override
    public String getMimeType() {
        return "text/x-shellscript";
    }

    @Override
    public void output(String text, Writer out) throws IOException {
        out.write(quote(text));
    }

    @Override
    public String escapePlainText(String text) {
        return quote(text);
    }

    @Override
    public boolean isLegacyBuiltInBypassed(String builtInName) {
        return false;
    }

    @Override
    protected Quoted newTemplateMarkupOutputModel(String plainText, String markup) {
        return new Quoted(plainText, markup);
    }

    static final class Quoted extends CommonTemplateMarkupOutputModel<Quoted> {
        Quoted(String plainText, String markup) {
            super(plainText, markup);
        }

        @Override
        public ShellOutputFormat getOutputFormat() {
            return INSTANCE;
        }
    }
}
