"""The ``nlds`` crispy template pack and the shared includes render accessible markup.

Rendered with a small form defined here, so nothing depends on the case views or their
URLs. The markup is parsed (not matched with regular expressions), and the assertions
are about what assistive technology relies on: label ``for`` = input ``id``, help text
and errors linked with ``aria-describedby``, ``aria-invalid`` on a field with an error,
a required marker, and an error summary with ``role="alert"``.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.layout import (
    HTML,
    ButtonHolder,
    Column,
    Div,
    Field,
    Fieldset,
    Layout,
    Row,
    Submit,
)
from django import forms
from django.core.paginator import Paginator
from django.template import Context, Template
from django.template.loader import get_template
from django.utils import translation

VOID_ELEMENTS = {"input", "br", "hr", "img", "meta", "link", "source", "wbr", "col"}


@dataclass
class Element:
    tag: str
    attrs: dict
    text: str = ""
    children: list = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    @property
    def describedby(self) -> list[str]:
        return (self.attrs.get("aria-describedby") or "").split()

    def find_all(self, tag=None, **attrs):
        found = []
        for child in self.children:
            if _matches(child, tag, attrs):
                found.append(child)
            found.extend(child.find_all(tag, **attrs))
        return found


def _matches(element, tag, attrs):
    if tag and element.tag != tag:
        return False
    for name, value in attrs.items():
        name = name.rstrip("_").replace("_", "-")
        if name == "class":
            if value not in element.classes:
                return False
        elif element.attrs.get(name) != value:
            return False
    return True


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID_ELEMENTS:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(
            Element(tag, {name: value or "" for name, value in attrs})
        )

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        for element in self.stack:
            element.text += data


def parse(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def by_id(root: Element, element_id: str) -> Element:
    matches = root.find_all(id=element_id)
    assert len(matches) == 1, f"expected one element with id {element_id!r}"
    return matches[0]


def squash(text: str) -> str:
    return " ".join(text.split())


class ReportForm(forms.Form):
    """Every kind of field the pack has to handle."""

    name = forms.CharField(label="Name")
    email = forms.EmailField(
        label="E-mail address",
        required=False,
        help_text="Only used to send a confirmation.",
    )
    reference = forms.CharField(
        label="Reference", help_text="As it appears on the letter."
    )
    category = forms.ChoiceField(
        label="Category",
        choices=[("", "—"), ("aggression", "Aggression"), ("threat", "Threat")],
    )
    urgency = forms.ChoiceField(
        label="Urgency",
        choices=[("1", "Low"), ("2", "Normal"), ("4", "Acute")],
        widget=forms.RadioSelect,
        help_text="Acute: there is immediate danger.",
    )
    channels = forms.MultipleChoiceField(
        label="Channels",
        choices=[("phone", "Phone"), ("mail", "Mail")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    account = forms.CharField(label="What happened?", widget=forms.Textarea)
    consent = forms.BooleanField(label="The person consents", required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        raise forms.ValidationError("This melding was already recorded.")


INVALID_DATA = {
    "name": "Jan",
    "email": "not-an-address",
    "reference": "",
    "category": "threat",
    "urgency": "9",
    "account": "",
}


def render(template_code: str, **context) -> Element:
    html = Template("{% load crispy_forms_tags %}" + template_code).render(
        Context(context)
    )
    return parse(html)


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def invalid_form():
    form = ReportForm(data=INVALID_DATA)
    assert not form.is_valid()
    return form


@pytest.fixture
def rendered(english, invalid_form):
    return render("{{ form|crispy }}", form=invalid_form)


@pytest.mark.parametrize(
    "template_name",
    [
        "nlds/uni_form.html",
        "nlds/whole_uni_form.html",
        "nlds/field.html",
        "nlds/errors.html",
        "nlds/errors_formset.html",
        "nlds/uni_formset.html",
        "nlds/whole_uni_formset.html",
        "nlds/display_form.html",
        "nlds/multifield.html",
        "nlds/layout/baseinput.html",
        "nlds/layout/buttonholder.html",
        "nlds/layout/div.html",
        "nlds/layout/row.html",
        "nlds/layout/column.html",
        "nlds/layout/fieldset.html",
        "nlds/layout/multifield.html",
        "nlds/layout/formactions.html",
    ],
)
def test_the_pack_has_every_template_crispy_looks_up(template_name):
    get_template(template_name)


def test_every_label_points_at_an_existing_control(rendered):
    controls = {
        element.attrs["id"]
        for tag in ("input", "select", "textarea")
        for element in rendered.find_all(tag)
        if "id" in element.attrs
    }
    labels = [label for label in rendered.find_all("label") if "for" in label.attrs]
    # name, email, reference, category, account, consent; 3 radios; 2 checkboxes
    assert len(labels) == 11
    for label in labels:
        assert label.attrs["for"] in controls, squash(label.text)


def test_text_input_label_matches_the_input_id(rendered):
    label = rendered.find_all("label", for_="id_name")[0]
    textbox = by_id(rendered, "id_name")
    assert squash(label.text).startswith("Name")
    assert {"utrecht-form-label"} <= label.classes
    assert {"utrecht-textbox", "utrecht-textbox--html-input"} <= textbox.classes


def test_required_field_is_marked_in_words_and_with_an_asterisk(rendered):
    label = rendered.find_all("label", for_="id_name")[0]
    marker = label.find_all("span", class_="kb-required")
    assert marker
    assert marker[0].attrs["aria-hidden"] == "true"
    hidden = label.find_all("span", class_="kb-visually-hidden")
    assert squash(hidden[0].text) == "(required)"
    assert by_id(rendered, "id_name").attrs.get("required") == ""


def test_optional_field_has_no_required_marker(rendered):
    label = rendered.find_all("label", for_="id_email")[0]
    assert not label.find_all("span", class_="kb-required")
    assert "required" not in by_id(rendered, "id_email").attrs


def test_field_with_an_error_is_invalid_and_described_by_its_message(rendered):
    textarea = by_id(rendered, "id_account")
    assert textarea.attrs["aria-invalid"] == "true"
    assert textarea.describedby == ["id_account-error"]
    message = by_id(rendered, "id_account-error")
    assert "utrecht-form-field-error-message" in message.classes
    assert "This field is required." in message.text
    wrapper = by_id(rendered, "div_id_account")
    assert "utrecht-form-field--invalid" in wrapper.classes


def test_help_text_is_linked_to_the_field(rendered):
    email = by_id(rendered, "id_email")
    description = by_id(rendered, "id_email-description")
    assert "utrecht-form-field-description" in description.classes
    assert squash(description.text) == "Only used to send a confirmation."
    assert "id_email-description" in email.describedby


def test_help_text_and_error_are_both_linked(rendered):
    reference = by_id(rendered, "id_reference")
    assert reference.describedby == ["id_reference-description", "id_reference-error"]
    assert reference.attrs["aria-invalid"] == "true"
    by_id(rendered, "id_reference-description")
    by_id(rendered, "id_reference-error")


def test_valid_field_without_help_text_has_no_aria_state(rendered):
    name = by_id(rendered, "id_name")
    assert "aria-invalid" not in name.attrs
    assert "aria-describedby" not in name.attrs
    assert not rendered.find_all(id="id_name-error")


def test_select_gets_the_utrecht_select_classes(rendered):
    select = by_id(rendered, "id_category")
    assert select.tag == "select"
    assert {"utrecht-select", "utrecht-select--html-select"} <= select.classes
    selected = [o for o in select.find_all("option") if "selected" in o.attrs]
    assert [o.attrs["value"] for o in selected] == ["threat"]
    label = rendered.find_all("label", for_="id_category")[0]
    assert squash(label.text).startswith("Category")


def test_textarea_gets_the_utrecht_textarea_classes(rendered):
    textarea = by_id(rendered, "id_account")
    assert textarea.tag == "textarea"
    assert {"utrecht-textarea", "utrecht-textarea--html-textarea"} <= textarea.classes


def test_checkbox_has_its_label_beside_it(rendered):
    checkbox = by_id(rendered, "id_consent")
    assert checkbox.attrs["type"] == "checkbox"
    assert {"utrecht-checkbox", "utrecht-checkbox--html-input"} <= checkbox.classes
    label = rendered.find_all("label", for_="id_consent")[0]
    assert "utrecht-form-label--checkbox" in label.classes
    assert squash(label.text) == "The person consents"


def test_radio_group_is_a_fieldset_with_a_legend(rendered):
    fieldset = by_id(rendered, "div_id_urgency")
    assert fieldset.tag == "fieldset"
    assert "utrecht-form-fieldset--invalid" in fieldset.classes
    legend = fieldset.find_all("legend")[0]
    assert squash(legend.text).startswith("Urgency")
    assert legend.find_all("span", class_="kb-required")
    assert fieldset.describedby == ["id_urgency-description", "id_urgency-error"]
    radios = fieldset.find_all("input", type="radio")
    assert [radio.attrs["value"] for radio in radios] == ["1", "2", "4"]
    for radio in radios:
        assert radio.attrs["name"] == "urgency"
        assert radio.attrs["aria-invalid"] == "true"
        assert "utrecht-radio-button" in radio.classes
        assert fieldset.find_all("label", for_=radio.attrs["id"])


def test_checkbox_group_is_a_fieldset_without_required_marker(rendered):
    fieldset = by_id(rendered, "div_id_channels")
    assert fieldset.tag == "fieldset"
    assert not fieldset.find_all("span", class_="kb-required")
    boxes = fieldset.find_all("input", type="checkbox")
    assert [box.attrs["id"] for box in boxes] == ["id_channels_0", "id_channels_1"]
    assert "aria-invalid" not in boxes[0].attrs


def test_hidden_field_is_rendered_without_a_wrapper_or_label(rendered):
    token = by_id(rendered, "id_token")
    assert token.attrs["type"] == "hidden"
    assert not rendered.find_all(id="div_id_token")
    assert not rendered.find_all("label", for_="id_token")


def test_error_summary_comes_first_and_links_to_the_fields(rendered):
    summary = rendered.find_all(class_="kb-form-errors")
    assert len(summary) == 1
    summary = summary[0]
    assert summary.attrs["role"] == "alert"
    assert {"utrecht-alert", "utrecht-alert--error"} <= summary.classes
    first_field = rendered.find_all(class_="kb-field")[0]
    assert rendered.children.index(summary) < rendered.children.index(first_field)
    assert "This melding was already recorded." in summary.text
    links = {a.attrs["href"] for a in summary.find_all("a")}
    assert {"#id_account", "#id_reference", "#id_email", "#id_urgency_0"} <= links
    assert "#id_name" not in links


def test_unbound_form_shows_no_errors(english):
    root = render("{{ form|crispy }}", form=ReportForm())
    assert not root.find_all(class_="kb-form-errors")
    for element in root.find_all():
        assert "aria-invalid" not in element.attrs
        assert "utrecht-form-field-error-message" not in element.classes


def test_as_crispy_field_renders_one_field_the_same_way(english, invalid_form):
    root = render("{{ form.reference|as_crispy_field }}", form=invalid_form)
    reference = by_id(root, "id_reference")
    assert reference.describedby == ["id_reference-description", "id_reference-error"]
    assert not root.find_all(class_="kb-form-errors")


class HelperForm(forms.Form):
    name = forms.CharField(label="Name")
    region = forms.ChoiceField(label="Region", choices=[("n", "North"), ("s", "South")])
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_id = "report-form"
        self.helper.form_show_labels = True
        self.helper.layout = Layout(
            Fieldset(
                "About the person",
                Row(Column("name"), Column("region")),
            ),
            Div(Field("note", css_class="kb-note", rows=3), css_class="kb-extra"),
            HTML("<p class='kb-hint'>Check before saving.</p>"),
            ButtonHolder(Submit("save", "Save the melding")),
        )


def test_crispy_tag_with_a_layout(english):
    root = render("{% crispy form %}", form=HelperForm(), csrf_token="test-token")
    form = by_id(root, "report-form")
    assert form.tag == "form"
    assert form.attrs["method"] == "post"
    assert "novalidate" in form.attrs
    assert form.find_all("input", name="csrfmiddlewaretoken")

    fieldset = form.find_all("fieldset", class_="kb-fieldset")[0]
    assert squash(fieldset.find_all("legend")[0].text) == "About the person"
    row = fieldset.find_all(class_="kb-row")[0]
    assert len(row.find_all(class_="kb-column")) == 2
    assert by_id(row, "id_name")
    assert by_id(row, "id_region").tag == "select"

    note = by_id(form, "id_note")
    assert {"kb-note", "utrecht-textarea"} <= note.classes
    assert note.attrs["rows"] == "3"
    assert form.find_all("div", class_="kb-extra")
    assert form.find_all("p", class_="kb-hint")

    holder = form.find_all(class_="kb-actions")[0]
    button = holder.find_all("button")[0]
    assert button.attrs["type"] == "submit"
    assert button.attrs["name"] == "save"
    assert {"utrecht-button", "utrecht-button--primary-action"} <= button.classes
    assert not {"btn", "btn-primary"} & button.classes
    assert squash(button.text) == "Save the melding"


def test_crispy_tag_without_labels_keeps_them_for_screen_readers(english):
    form = HelperForm()
    form.helper.form_show_labels = False
    root = render("{% crispy form %}", form=form, csrf_token="test-token")
    label = root.find_all("label", for_="id_name")[0]
    assert "kb-visually-hidden" in label.classes


def test_crispy_tag_with_helper_inputs(english):
    form = ReportForm()
    form.helper = FormHelper()
    form.helper.form_method = "get"
    form.helper.add_input(Submit("search", "Search", css_class="kb-search"))
    root = render("{% crispy form %}", form=form)
    assert root.find_all("form", method="get")
    assert not root.find_all("input", name="csrfmiddlewaretoken")
    button = root.find_all("button", name="search")[0]
    assert {"utrecht-button", "kb-search"} <= button.classes
    assert "btn" not in button.classes


def test_formset_renders_management_form_and_every_form(english):
    formset_class = forms.formset_factory(HelperForm, extra=2)
    root = render("{{ formset|crispy }}", formset=formset_class())
    assert root.find_all("input", name="form-TOTAL_FORMS")
    assert by_id(root, "id_form-0-name")
    assert by_id(root, "id_form-1-name")
    assert root.find_all("label", for_="id_form-1-name")


def test_pagination_keeps_the_filters_and_marks_the_current_page(english):
    page = Paginator(list(range(45)), 10).page(2)
    root = parse(
        get_template("includes/pagination.html").render(
            {"page_obj": page, "querystring": "status=nieuw&q=raad"}
        )
    )
    nav = root.find_all("nav")[0]
    assert nav.attrs["aria-label"] == "Pages"
    assert "utrecht-pagination" in nav.classes
    hrefs = [a.attrs["href"] for a in nav.find_all("a")]
    assert all(href.startswith("?status=nieuw&q=raad&page=") for href in hrefs)
    assert nav.find_all("a", rel="prev")[0].attrs["href"].endswith("page=1")
    assert nav.find_all("a", rel="next")[0].attrs["href"].endswith("page=3")
    current = nav.find_all(aria_current="page")
    assert [squash(element.text) for element in current] == ["2"]


def test_pagination_is_empty_for_a_single_page():
    page = Paginator(list(range(5)), 10).page(1)
    html = get_template("includes/pagination.html").render(
        {"page_obj": page, "querystring": ""}
    )
    assert html.strip() == ""
