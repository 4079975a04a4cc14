/* pdfaccess.c: what Cairo 1.16's tagged PDF cannot say, added with qpdf: the document's
 * language (/Lang in the catalogue) and each figure's text alternative (/Alt on its
 * structure element, in reading order). Cairo writes the structure tree; qpdf reads the
 * finished PDF from memory, sets the keys and writes it again, deterministically (its /ID
 * from the content), into the caller's sink (chart_int.h).
 */
#include <qpdf/qpdf-c.h>

#include "plots/chart_int.h"

typedef struct walk {
    qpdf_data q;
    char *const *alt;
    size_t nalt, next; /* figures met so far */
} walk;

/* Gives every /Figure element below el (depth-first, document order) the next /Alt. */
static void
figures(walk *w, qpdf_oh el, int depth)
{
    qpdf_oh kids;
    if (depth > 64 || !qpdf_oh_is_dictionary(w->q, el))
        return;
    if (qpdf_oh_is_name_and_equals(w->q, qpdf_oh_get_key(w->q, el, "/S"), "/Figure")) {
        if (w->next < w->nalt && w->alt[w->next] && w->alt[w->next][0])
            qpdf_oh_replace_key(w->q, el, "/Alt",
                                qpdf_oh_new_unicode_string(w->q, w->alt[w->next]));
        w->next++;
    }
    kids = qpdf_oh_get_key(w->q, el, "/K");
    if (qpdf_oh_is_array(w->q, kids)) {
        int n = qpdf_oh_get_array_n_items(w->q, kids);
        for (int i = 0; i < n; i++)
            figures(w, qpdf_oh_get_array_item(w->q, kids, i), depth + 1);
    } else
        figures(w, kids, depth + 1);
}

fc_status
fc_pdf_accessible(const unsigned char *pdf, size_t n, const char *lang, char *const *alt,
                  size_t nalt, const fc_sink *sink, size_t *figures_out, fc_err *err)
{
    qpdf_data q = qpdf_init();
    walk w = {q, alt, nalt, 0};
    fc_status st = FC_OK;
    qpdf_oh root;

    if (q == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory making the appendix accessible");
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    if (qpdf_read_memory(q, "appendix.pdf", (const char *)pdf, (unsigned long long)n, NULL) &
        QPDF_ERRORS) {
        st = FC_FAIL(err, FC_EIO, "cannot read back the appendix PDF: %s",
                     qpdf_get_error_full_text(q, qpdf_get_error(q)));
        goto done;
    }
    root = qpdf_get_root(q);
    if (lang)
        qpdf_oh_replace_key(q, root, "/Lang", qpdf_oh_new_unicode_string(q, lang));
    figures(&w, qpdf_oh_get_key(q, root, "/StructTreeRoot"), 0);
    if (figures_out)
        *figures_out = w.next;
    if ((qpdf_init_write_memory(q) & QPDF_ERRORS) ||
        (qpdf_set_deterministic_ID(q, QPDF_TRUE), qpdf_write(q) & QPDF_ERRORS)) {
        st = FC_FAIL(err, FC_EIO, "cannot write the accessible appendix PDF: %s",
                     qpdf_has_error(q) ? qpdf_get_error_full_text(q, qpdf_get_error(q)) : "?");
        goto done;
    }
    if (sink->write(sink->closure, qpdf_get_buffer(q), qpdf_get_buffer_length(q)) != 0)
        st = FC_FAIL(err, FC_EIO, "cannot write the appendix PDF");
done:
    qpdf_cleanup(&q);
    return st;
}
