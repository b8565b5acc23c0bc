"""Điển hình tiên tiến: the board of models by stage (phát hiện → bồi dưỡng → tổng kết → nhân rộng),
each model's story, awards and files; and the log of good deeds that may become models or awards.

A card is moved by dragging it to the next column or with the buttons; either way the officer
confirms the date (and, going back, the reason), and the board is read again from the database.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.codes import UserRole
from desktop.errors import SoVangError, ValidationError
from desktop.i18n import N_, _, format_date
from desktop.labels import MODEL_STAGE, label
from desktop.services.exemplary import (
    STAGES,
    ModelCard,
    ModelFields,
    add_event,
    board,
    create_model,
    model_detail,
    move_model,
    update_model,
)
from desktop.services.good_deeds import (
    DeedFields,
    DeedRow,
    deeds,
    link_doer,
    log_deed,
    promote_to_model,
    propose_award,
)
from desktop.services.movements import movement_names
from desktop.ui.context import AppContext
from desktop.ui.error_dialog import show_error
from desktop.ui.linked_files import LinkedFilesPanel
from desktop.ui.movement_editor import typed_date
from desktop.ui.subject_picker import SubjectPicker
from desktop.ui.widgets import ChoiceCombo, DateField, add_section, form_footer, open_dialog, records_table

FOLLOWS = ("exemplary_model", "exemplary_event", "good_deed", "award", "linked_document", "proposal")

COLUMN_STYLE = (
    "QListWidget { background: #fbf6e9; border: 1px solid #e0d3a8; border-radius: 6px; }"
    " QListWidget::item { background: white; border: 1px solid #d8c37a; border-radius: 5px;"
    " margin: 4px; padding: 6px; } QListWidget::item:selected { background: #fff1c9; color: black; }"
)


class StepDialog(QDialog):
    """A dated step of a model: a move to another stage, or a visit, article or replication."""

    def __init__(
        self, context: AppContext, model_id: uuid.UUID, stage: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("stepDialog")
        self.context, self.model_id, self.stage = context, model_id, stage
        self.setWindowTitle(
            _("Move to {stage}").format(stage=label(MODEL_STAGE, stage)) if stage else _("Add a step")
        )
        self.on = DateField()
        self.on.set_date(context.today)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(
            _("What was done: support given, article published, where the model was replicated…")
        )
        form = QFormLayout()
        form.addRow(_("Date"), self.on)
        form.addRow(_("Notes"), self.notes)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.error = form_footer(self, layout, self.save)

    def save(self) -> None:
        try:
            on = typed_date(self.on.text(), _("Date"))
            if on is None:
                raise ValidationError("happened_on", _("Give the date of the step."))
            db, user, today, notes = (
                self.context.db,
                self.context.username,
                self.context.today,
                self.notes.toPlainText(),
            )
            if self.stage:
                move_model(db, user, self.model_id, self.stage, on, today, notes)
            else:
                add_event(db, user, self.model_id, on, notes, today)
        except ValidationError as error:
            self.error.setText(error.message)
            return
        self.accept()


class ModelForm(QDialog):
    """A new model (or its facts corrected): who, a title, when it was found, its movement."""

    def __init__(self, context: AppContext, model_id: uuid.UUID | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("modelForm")
        self.context, self.model_id = context, model_id
        self.saved_id: uuid.UUID | None = None
        self.setWindowTitle(_("Edit model") if model_id else _("New exemplary model"))
        self.resize(520, 560)
        self.picker = SubjectPicker(context.db, ("person", "collective"))
        self.title = QLineEdit()
        self.title.setMaxLength(500)
        self.discovered_on = DateField()
        self.discovered_on.set_date(context.today)
        self.movement = ChoiceCombo(_("No movement"))
        self.movement.set_choices(movement_names(context.db))
        self.summary = QPlainTextEdit()
        self.subject_id: uuid.UUID | None = None
        form = QFormLayout()
        form.addRow(_("Model name") + " *", self.title)
        form.addRow(_("Discovered on"), self.discovered_on)
        form.addRow(_("Movement"), self.movement)
        form.addRow(_("Summary"), self.summary)
        layout = QVBoxLayout(self)
        if model_id is None:
            layout.addWidget(self.picker, 1)
        layout.addLayout(form)
        self.error = form_footer(self, layout, self.save)
        if model_id is not None:
            detail = model_detail(context.db, model_id)
            self.subject_id = detail.fields.subject_id
            self.title.setText(detail.fields.title)
            self.discovered_on.set_date(detail.fields.discovered_on)
            self.movement.set_value(detail.fields.movement_id)
            self.summary.setPlainText(detail.fields.summary or "")

    def save(self) -> None:
        hit = self.picker.current()
        subject_id = self.subject_id or (hit.id if hit else None)
        try:
            if subject_id is None:
                raise ValidationError("subject_id", _("Pick the person or collective in the list first."))
            discovered_on = typed_date(self.discovered_on.text(), _("Discovered on"))
            if discovered_on is None:
                raise ValidationError("discovered_on", _("Give the date the model was discovered."))
            fields = ModelFields(
                subject_id,
                self.title.text(),
                discovered_on,
                self.movement.value(),  # type: ignore[arg-type]
                self.summary.toPlainText(),
            )
            db, user, today = self.context.db, self.context.username, self.context.today
            if self.model_id is None:
                self.saved_id = create_model(db, user, fields, today)
            else:
                update_model(db, user, self.model_id, fields, today)
                self.saved_id = self.model_id
        except ValidationError as error:
            self.error.setText(error.message)
            return
        self.accept()


class StageColumn(QListWidget):
    """One column of the board. A card dropped here asks to move its model to this stage."""

    card_dropped = Signal(object, str)
    """(model id, this column's stage)."""

    def __init__(self, stage: str) -> None:
        super().__init__()
        self.stage = stage
        self.setObjectName(f"stage_{stage}")
        self.setStyleSheet(COLUMN_STYLE)
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSpacing(2)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        source = event.source()
        if isinstance(source, StageColumn) and source is not self and source.currentItem() is not None:
            self.card_dropped.emit(source.currentItem().data(Qt.ItemDataRole.UserRole), self.stage)
        # The board is read again from the database; Qt itself moves nothing.
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.ignore()


class ModelBoard(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.setObjectName("modelBoard")
        self.context = context
        self.movement = ChoiceCombo(_("All movements"))
        self.movement.set_choices(movement_names(context.db))
        self.movement.currentIndexChanged.connect(lambda _index: self.reload())
        self.new_button = QPushButton(_("New model…"))
        self.new_button.clicked.connect(self.new_model)
        self.back_button = QPushButton(_("← Back one stage…"))
        self.back_button.clicked.connect(lambda: self.step(-1))
        self.forward_button = QPushButton(_("Next stage →"))
        self.forward_button.clicked.connect(lambda: self.step(1))
        self.event_button = QPushButton(_("Add a step…"))
        self.event_button.clicked.connect(self.add_step)
        self.edit_button = QPushButton(_("Edit…"))
        self.edit_button.clicked.connect(self.edit_model)
        context.offer(
            UserRole.OFFICER,
            self.new_button,
            self.back_button,
            self.forward_button,
            self.event_button,
            self.edit_button,
        )
        top = QHBoxLayout()
        top.addWidget(self.movement)
        for button in (
            self.new_button,
            self.back_button,
            self.forward_button,
            self.event_button,
            self.edit_button,
        ):
            top.addWidget(button)
        top.addStretch(1)
        self.columns: dict[str, StageColumn] = {}
        self.headers: dict[str, QLabel] = {}
        columns = QHBoxLayout()
        for stage in STAGES:
            column = StageColumn(stage)
            column.card_dropped.connect(self.card_dropped)
            column.currentItemChanged.connect(
                lambda current, _previous, column=column: self.card_chosen(column, current)
            )
            header = QLabel()
            header.setStyleSheet("font-weight: 600; color: #7a1f1f;")
            box = QVBoxLayout()
            box.addWidget(header)
            box.addWidget(column, 1)
            columns.addLayout(box, 1)
            self.columns[stage], self.headers[stage] = column, header
        self.heading = QLabel()
        self.heading.setObjectName("modelHeading")
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.subject_line = QLabel()
        self.subject_line.setWordWrap(True)
        self.story = QListWidget()
        self.story.setObjectName("modelStory")
        self.story.setWordWrap(True)
        self.story.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.awards = QLabel()
        self.awards.setWordWrap(True)
        self.files = LinkedFilesPanel(context)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.addWidget(self.heading)
        detail_layout.addWidget(self.subject_line)
        add_section(detail_layout, _("Steps"), self.story, 1)
        add_section(detail_layout, _("Awards held"), self.awards)
        add_section(detail_layout, _("Photos and documents"), self.files, 1)
        board_widget = QWidget()
        board_widget.setLayout(columns)
        splitter = QSplitter()
        splitter.addWidget(board_widget)
        splitter.addWidget(detail)
        splitter.setSizes([720, 320])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self.current: ModelCard | None = None

    def reload(self, select: uuid.UUID | None = None) -> None:
        keep = select or (self.current.id if self.current else None)
        cards = board(self.context.db, self.movement.value())  # type: ignore[arg-type]
        self.current = None
        chosen_item = None
        for stage, column in self.columns.items():
            column.blockSignals(True)
            column.clear()
            for card in cards[stage]:
                item = QListWidgetItem(
                    f"{card.title}\n{card.subject_name}\n"
                    + _("since {date}").format(date=format_date(card.since))
                )
                item.setData(Qt.ItemDataRole.UserRole, card.id)
                item.setData(Qt.ItemDataRole.UserRole + 1, card)
                column.addItem(item)
                if card.id == keep or (keep is None and chosen_item is None):
                    chosen_item = (column, item)
            column.blockSignals(False)
            self.headers[stage].setText(f"{label(MODEL_STAGE, stage)} ({len(cards[stage])})")
        if chosen_item:
            column, item = chosen_item
            column.setCurrentItem(item)
            self.card_chosen(column, item)
        else:
            self.show_detail()

    def card_chosen(self, column: StageColumn, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        for other in self.columns.values():
            if other is not column:
                other.blockSignals(True)
                other.clearSelection()
                other.setCurrentItem(None)
                other.blockSignals(False)
        self.current = item.data(Qt.ItemDataRole.UserRole + 1)
        self.show_detail()

    def show_detail(self) -> None:
        card = self.current
        for button in (self.back_button, self.forward_button, self.event_button, self.edit_button):
            button.setEnabled(card is not None)
        self.story.clear()
        if card is None:
            self.heading.setText(_("Choose a model on the board to see its story."))
            self.subject_line.setText("")
            self.awards.setText("")
            self.files.show_owner()
            return
        index = STAGES.index(card.stage)
        self.back_button.setEnabled(index > 0)
        self.forward_button.setEnabled(index < len(STAGES) - 1)
        detail = model_detail(self.context.db, card.id)
        self.heading.setText(card.title)
        self.subject_line.setText(card.subject_name + (f"\n{card.movement}" if card.movement else ""))
        for event in detail.events:
            self.story.addItem(
                f"{format_date(event.happened_on)} · {label(MODEL_STAGE, event.stage)} · {event.notes}"
            )
        self.awards.setText(
            "\n".join(f"{award.award_name} ({award.year or ''}) {award.decision}" for award in detail.awards)
            or _("No award recorded yet.")
        )
        self.files.show_owner(model_id=card.id)

    def card_dropped(self, model_id: uuid.UUID, stage: str) -> StepDialog:
        dialog = StepDialog(self.context, model_id, stage, self)
        return open_dialog(dialog, lambda: self.reload(model_id))

    def step(self, direction: int) -> StepDialog | None:
        if self.current is None:
            return None
        index = STAGES.index(self.current.stage) + direction
        if not 0 <= index < len(STAGES):
            return None
        return self.card_dropped(self.current.id, STAGES[index])

    def add_step(self) -> StepDialog | None:
        if self.current is None:
            return None
        dialog = StepDialog(self.context, self.current.id, None, self)
        return open_dialog(dialog, lambda: self.reload())

    def new_model(self) -> ModelForm:
        form = ModelForm(self.context, None, self)
        return open_dialog(form, lambda: self.reload(form.saved_id))

    def edit_model(self) -> ModelForm | None:
        if self.current is None:
            return None
        form = ModelForm(self.context, self.current.id, self)
        return open_dialog(form, lambda: self.reload(form.saved_id))


class DeedForm(QDialog):
    """Note a good deed in a few seconds; the doer may be picked among those recorded."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deedForm")
        self.context = context
        self.setWindowTitle(_("Log a good deed"))
        self.resize(520, 520)
        self.picker = SubjectPicker(context.db, ("person", "collective"))
        self.picker.changed.connect(self.copy_name)
        self.who = QLineEdit()
        self.who.setPlaceholderText(_("Who did it, if not found above"))
        self.what = QPlainTextEdit()
        self.happened_on = DateField()
        self.happened_on.set_date(context.today)
        self.place = QLineEdit()
        self.source = QLineEdit()
        self.source.setPlaceholderText(_("e.g. reported by the village head"))
        form = QFormLayout()
        form.addRow(_("Who") + " *", self.who)
        form.addRow(_("What") + " *", self.what)
        form.addRow(_("When"), self.happened_on)
        form.addRow(_("Where"), self.place)
        form.addRow(_("Source"), self.source)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker, 1)
        layout.addLayout(form)
        self.error = form_footer(self, layout, self.save)

    def copy_name(self) -> None:
        hit = self.picker.current()
        if hit is not None:
            self.who.setText(hit.title)

    def save(self) -> None:
        hit = self.picker.current()
        try:
            happened_on = typed_date(self.happened_on.text(), _("When"))
            if happened_on is None:
                raise ValidationError("happened_on", _("Give the date of the good deed."))
            subject_id = hit.id if hit is not None and hit.title == self.who.text().strip() else None
            log_deed(
                self.context.db,
                self.context.username,
                DeedFields(
                    self.who.text(),
                    self.what.toPlainText(),
                    happened_on,
                    self.place.text(),
                    self.source.text(),
                    subject_id,
                ),
                self.context.today,
            )
        except ValidationError as error:
            self.error.setText(error.message)
            return
        self.accept()


class LinkDoerDialog(QDialog):
    def __init__(self, context: AppContext, deed: DeedRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("linkDoer")
        self.context, self.deed = context, deed
        self.setWindowTitle(_("Who is {who}?").format(who=deed.who))
        self.picker = SubjectPicker(context.db, ("person", "collective"))
        self.picker.query.setText(deed.who)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker, 1)
        self.error = form_footer(self, layout, self.save, _("Link"))

    def save(self) -> None:
        hit = self.picker.current()
        if hit is None:
            self.error.setText(_("Pick the person or collective in the list first."))
            return
        link_doer(self.context.db, self.context.username, self.deed.id, hit.id)
        self.accept()


class GoodDeedsLog(QWidget):
    open_proposal = Signal(object)
    """A proposal id: the draft made from a deed, to complete on the proposals screen."""
    model_made = Signal(object)

    COLUMNS = (N_("Date"), N_("Who"), N_("What"), N_("Where"), N_("Source"), N_("Became"))

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.setObjectName("goodDeeds")
        self.context = context
        self.shown: list[DeedRow] = []
        self.buttons: dict[str, QPushButton] = {}
        top = QHBoxLayout()
        for name, text, slot in (
            ("log", _("Log a good deed…"), self.log_deed),
            ("link", _("Link to a recorded person…"), self.link_doer),
            ("model", _("Make it a model"), self.make_model),
            ("propose", _("Propose an ad-hoc award"), self.propose),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            self.buttons[name] = button
            top.addWidget(button)
        top.addStretch(1)
        self.table = records_table("deedTable", self.COLUMNS)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self.show_selection)
        self.note = QLabel()
        self.note.setObjectName("deedNote")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)

    def reload(self, note: str = "") -> None:
        self.shown = deeds(self.context.db)
        self.table.setRowCount(len(self.shown))
        for row, deed in enumerate(self.shown):
            became = ", ".join(
                text
                for text, done in ((_("a model"), deed.model_id), (_("an award proposal"), deed.proposal_id))
                if done
            )
            for column, text in enumerate(
                (format_date(deed.happened_on), deed.who, deed.what, deed.place, deed.source, became)
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(1)
        self.table.resizeRowsToContents()
        self.note.setText(note)
        self.show_selection()

    def selected(self) -> DeedRow | None:
        row = self.table.currentRow()
        return self.shown[row] if 0 <= row < len(self.shown) and self.table.selectedItems() else None

    def show_selection(self) -> None:
        deed = self.selected()
        self.buttons["link"].setEnabled(deed is not None)
        self.buttons["model"].setEnabled(deed is not None and deed.model_id is None)
        self.buttons["propose"].setEnabled(deed is not None and deed.proposal_id is None)

    def log_deed(self) -> DeedForm:
        form = DeedForm(self.context, self)
        return open_dialog(form, lambda: self.reload())

    def link_doer(self) -> LinkDoerDialog | None:
        deed = self.selected()
        if deed is None:
            return None
        dialog = LinkDoerDialog(self.context, deed, self)
        return open_dialog(dialog, lambda: self.reload())

    def make_model(self) -> None:
        deed = self.selected()
        if deed is None:
            return
        try:
            model_id = promote_to_model(self.context.db, self.context.username, deed.id, self.context.today)
        except SoVangError as error:
            show_error(self, error)
            return
        self.reload(_("{who} is now on the board of models.").format(who=deed.who))
        self.model_made.emit(model_id)

    def propose(self) -> None:
        deed = self.selected()
        if deed is None:
            return
        try:
            proposal_id = propose_award(
                self.context.db, self.context.username or "", deed.id, self.context.today
            )
        except SoVangError as error:
            show_error(self, error)
            return
        self.reload(_("A draft ad-hoc proposal was made for {who}.").format(who=deed.who))
        self.open_proposal.emit(proposal_id)


class ModelsPage(QWidget):
    open_proposal = Signal(object)

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.setObjectName("modelsPage")
        context.follow(self, FOLLOWS, lambda _written: self.reload())
        title = QLabel(_("Exemplary models"))
        title.setStyleSheet("font-size: 18px; font-weight: 600;")
        self.board = ModelBoard(context)
        self.deeds = GoodDeedsLog(context)
        self.deeds.open_proposal.connect(self.open_proposal)
        self.deeds.model_made.connect(lambda model_id: self.board.reload(model_id))
        self.tabs = QTabWidget()
        self.tabs.addTab(self.board, _("Board of models"))
        self.tabs.addTab(self.deeds, _("Good deeds"))
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)

    def reload(self) -> None:
        self.board.reload()
        self.deeds.reload()
