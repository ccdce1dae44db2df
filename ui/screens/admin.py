"""Quản trị (administrators only): users and roles, agencies, warehouses and locations, settings.
The services check ``manage_*`` permissions again; this screen is hidden from everyone else."""

from __future__ import annotations

from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLineEdit, QPushButton,
                               QSpinBox, QTableWidget, QTableWidgetItem, QTabWidget, QTreeView, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from evidence_store.describe import location_kind_label
from evidence_store.domain.categories import LocationKind
from evidence_store.domain.permissions import ROLE_LABELS, Role, allowed
from evidence_store.i18n import N_, _
from evidence_store.services import user_admin, browse, setup
from evidence_store.services.setup import AGENCY_KINDS

from .. import dialogs, operations
from ..models.format import code_text, datetime_text
from ..models.locations import LocationTreeModel
from .admin_forms import (FormDialog, RoleBoxes, add_agency, add_location, agency_kind_label, announce,
                          create_user)
from .admin_legal import HolidaysTab, LegalBasesTab
from .admin_settings import SettingsTab
from .admin_templates import TemplatesTab
from .base import Screen


def _buttons(*pairs) -> QHBoxLayout:
    row = QHBoxLayout()
    for label, slot in pairs:
        button = QPushButton(label)
        button.clicked.connect(slot)
        row.addWidget(button)
    row.addStretch(1)
    return row


class UsersTab(QWidget):
    HEADERS = (N_("Tên đăng nhập"), N_("Họ tên"), N_("Vai trò"), N_("Trạng thái"), N_("Đăng nhập lần cuối"))

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setHorizontalHeaderLabels([_(h) for h in self.HEADERS])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for col, width in enumerate((140, 200, 300, 120, 150)):
            self.table.setColumnWidth(col, width)
        layout = QVBoxLayout(self)
        layout.addLayout(_buttons((_("Thêm người dùng…"), self.create), (_("Đổi vai trò…"), self.change_roles),
                                  (_("Đặt lại mật khẩu…"), self.reset_password),
                                  (_("Ngừng / kích hoạt lại / mở khóa"), self.toggle_active)))
        layout.addWidget(self.table, 1)
        self.reload()

    def reload(self) -> None:
        result = operations.query(self.ctx, user_admin.list_users, parent=self)
        self.users = result.value if result.ok else []
        self.table.setRowCount(len(self.users))
        for row, u in enumerate(self.users):
            status = _("Hoạt động") if u.active else _("Ngừng sử dụng")
            if u.active and u.locked_until:
                status = _("Tạm khóa")
            roles = ", ".join(_(ROLE_LABELS[Role(r)]) for r in u.roles if r in Role._value2member_map_)
            for col, text in enumerate((u.username, u.full_name, roles, status, datetime_text(u.last_login_at))):
                self.table.setItem(row, col, QTableWidgetItem(text))

    def selected(self):
        row = self.table.currentRow()
        return self.users[row] if 0 <= row < len(self.users) else None

    def create(self) -> None:
        username, full_name, password = QLineEdit(), QLineEdit(), QLineEdit()
        password.setEchoMode(QLineEdit.EchoMode.Password)
        agency = QComboBox()
        with self.ctx.reader() as uow:
            for a in browse.agencies(uow):
                agency.addItem(a.name, a.id)
        roles = RoleBoxes()
        FormDialog(self.ctx, _("Thêm người dùng"), [
            (_("Tên đăng nhập"), username), (_("Họ tên"), full_name), (_("Đơn vị"), agency), (_("Vai trò"), roles),
            (_("Mật khẩu tạm"), password)], create_user,
            lambda: (username.text(), password.text(), roles.roles(), full_name.text(), agency.currentData()),
            self).exec()

    def change_roles(self) -> None:
        user = self.selected()
        if user is None:
            return
        roles = RoleBoxes(user.roles)
        FormDialog(self.ctx, _("Vai trò của {user}", user=user.username), [(_("Vai trò"), roles)],
                   announce(user_admin.set_roles), lambda: (user.id, roles.roles()), self).exec()

    def reset_password(self) -> None:
        user = self.selected()
        if user is None:
            return
        password = dialogs.ask_password(_("Mật khẩu tạm cho {user} (phải đổi khi đăng nhập):", user=user.username),
                                         self)
        if password:
            operations.perform(self.ctx, announce(user_admin.reset_password), user.id, password, parent=self)

    def toggle_active(self) -> None:
        user = self.selected()
        if user is None:
            return
        if user.active and user.locked_until:
            if dialogs.confirm(_("Mở khóa tài khoản {user} (đang tạm khóa do nhập sai mật khẩu nhiều lần)?",
                                  user=user.username), self):
                operations.perform(self.ctx, announce(user_admin.unlock_user), user.id, parent=self)
        elif user.active:
            if dialogs.confirm(_("Ngừng sử dụng tài khoản {user}?", user=user.username), self):
                operations.perform(self.ctx, announce(user_admin.deactivate_user), user.id, parent=self)
        else:
            operations.perform(self.ctx, announce(user_admin.reactivate_user), user.id, parent=self)


class AgenciesTab(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([_("Cơ quan"), _("Tên viết tắt"), _("Loại")])
        self.tree.setColumnWidth(0, 420)
        self.tree.setColumnWidth(1, 160)
        layout = QVBoxLayout(self)
        layout.addLayout(_buttons((_("Thêm cơ quan…"), self.create), (_("Đổi loại cơ quan…"), self.change_kind)))
        layout.addWidget(self.tree, 1)
        self.reload()

    def reload(self) -> None:
        self.tree.clear()
        with self.ctx.reader() as uow:
            self.agencies = browse.agencies(uow)
        nodes: dict[int, QTreeWidgetItem] = {}
        for a in self.agencies:
            node = QTreeWidgetItem([a.name, a.short_name, agency_kind_label(a.kind)])
            nodes[a.id] = node
            (nodes[a.parent_id].addChild(node) if a.parent_id in nodes else self.tree.addTopLevelItem(node))
        self.tree.expandAll()

    def create(self) -> None:
        name, short = QLineEdit(), QLineEdit()
        kind, parent = QComboBox(), QComboBox()
        for k in AGENCY_KINDS:
            kind.addItem(agency_kind_label(k), k)
        parent.addItem(_("(không có)"), None)
        for a in self.agencies:
            parent.addItem(a.name, a.id)
        FormDialog(self.ctx, _("Thêm cơ quan"), [(_("Tên cơ quan"), name), (_("Tên viết tắt"), short),
                                                 (_("Loại"), kind), (_("Cơ quan cấp trên"), parent)],
                   add_agency, lambda: (name.text(), kind.currentData(), short.text(), parent.currentData()),
                   self).exec()


    def change_kind(self) -> None:
        """Correct an agency's kind (investigating body, other police unit, Hải quan...): competence follows it."""
        from evidence_store.services.setup import set_agency_kind
        node = self.tree.currentItem()
        agency = next((a for a in self.agencies if node is not None and a.name == node.text(0)), None)
        if agency is None:
            dialogs.info(_("Chọn một cơ quan"), self)
            return
        kind = QComboBox()
        for k in AGENCY_KINDS:
            kind.addItem(agency_kind_label(k), k)
        kind.setCurrentIndex(max(0, kind.findData(agency.kind)))
        FormDialog(self.ctx, _("Đổi loại cơ quan: {name}", name=agency.name), [(_("Loại"), kind)],
                   set_agency_kind, lambda: (agency.id, kind.currentData()), self).exec()
        self.reload()


class LocationsTab(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = LocationTreeModel(ctx, parent=self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, self.model.columnCount()):  # codes, kinds, counts whole at 1280 px (HANDS-ON 96)
            self.tree.header().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        self.tree.expandToDepth(1)
        layout = QVBoxLayout(self)
        layout.addLayout(_buttons((_("Thêm vị trí con…"), self.create), (_("Sửa vị trí…"), self.edit),
                                  (_("In nhãn vị trí…"), self.print_labels),
                                  (_("Nhập từ sổ cũ / Excel…"), self.open_import)))
        layout.addWidget(self.tree, 1)

    def reload(self) -> None:
        self.model.reload()
        self.tree.expandToDepth(1)

    def open_import(self):
        """The register import (an administrator imports locations; items are the clerk's)."""
        from .import_wizard import ImportWizard
        self.wizard = ImportWizard(self.ctx, self, entity="locations")
        self.wizard.finished.connect(lambda _r: self.reload())
        self.wizard.open()
        return self.wizard

    def create(self) -> None:
        parent = self.model.node(self.tree.currentIndex())
        if parent is None:
            dialogs.info(_("Chọn vị trí cha trước (kho, khu, dãy hoặc kệ)."), self)
            return
        with self.ctx.reader() as uow:
            warehouse_id = browse.location_row(uow, parent.id).warehouse_id
        name, kind, capacity = QLineEdit(), QComboBox(), QSpinBox()
        for k in LocationKind:
            if k is not LocationKind.WAREHOUSE:  # a child of a location is never a whole warehouse
                kind.addItem(location_kind_label(k.value), k.value)
        order = [LocationKind.ZONE, LocationKind.RACK, LocationKind.SHELF, LocationKind.BIN, LocationKind.BIN]
        levels = [LocationKind.WAREHOUSE, LocationKind.ZONE, LocationKind.RACK, LocationKind.SHELF, LocationKind.BIN]
        below = order[levels.index(LocationKind(parent.kind))] if parent.kind in [k.value for k in levels] \
            else LocationKind.BIN
        kind.setCurrentIndex(max(0, kind.findData(below.value)))  # the next level down, not "Kho" (HANDS-ON 8)
        capacity.setRange(0, 100000)
        capacity.setSpecialValueText(_("không giới hạn"))
        FormDialog(self.ctx, _("Thêm vị trí trong «{parent}»", parent=parent.name),
                   [(_("Tên vị trí"), name), (_("Loại"), kind), (_("Sức chứa"), capacity)], add_location,
                   lambda: (warehouse_id, parent.id, name.text(), kind.currentData(), capacity.value() or None),
                   self).exec()


    def edit(self) -> None:
        node = self.model.node(self.tree.currentIndex())
        if node is None:
            dialogs.info(_("Chọn vị trí cần sửa."), self)
            return
        name, capacity, active = QLineEdit(node.name), QSpinBox(), QCheckBox(_("Đang sử dụng"))
        capacity.setRange(0, 100000)
        capacity.setSpecialValueText(_("không giới hạn"))
        capacity.setValue(node.capacity or 0)
        active.setChecked(True)
        FormDialog(self.ctx, _("Sửa vị trí {code}", code=code_text(node.code)),
                   [(_("Tên vị trí"), name), (_("Sức chứa"), capacity), ("", active)], _update_location,
                   lambda: (node.code, name.text(), capacity.value() or None, active.isChecked()), self).exec()

    def print_labels(self) -> None:
        node = self.model.node(self.tree.currentIndex())
        if node is None:
            dialogs.info(_("Chọn vị trí cần in nhãn."), self)
            return
        from evidence_store.services.printing import location_labels_pdf  # reportlab: loaded when needed
        with self.ctx.reader() as uow:
            codes = [node.code] + [r.code for r in browse.locations_under(uow, node.id)]
        result = operations.query(self.ctx, location_labels_pdf, list(dict.fromkeys(codes)), parent=self)
        if result.ok:
            from evidence_store.services import first_steps
            from ..widgets.print_preview import PrintPreviewDialog
            operations.perform(self.ctx, first_steps.mark, "location_labels", parent=self)  # HANDS-ON 3
            PrintPreviewDialog(result.value, _("Nhãn vị trí"), f"nhan-vi-tri-{node.code}.pdf", self).exec()


def _update_location(uow, code, name, capacity, active):
    return setup.update_location(uow, code, name=name, capacity=capacity, active=active)


class AdminScreen(Screen):
    nav_title = N_("Quản trị")
    required_action = "manage_users"

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.tabs = QTabWidget()
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.refused = not allowed(ctx.actor.roles if ctx.actor else (), self.required_action)
        if self.refused:
            return  # nothing is built for a non-administrator (the services would refuse it anyway)
        self.users = UsersTab(ctx)
        self.agencies = AgenciesTab(ctx)
        self.locations = LocationsTab(ctx)
        self.settings = SettingsTab(ctx)
        self.templates = TemplatesTab(ctx)
        self.tabs.addTab(self.users, _("Người dùng"))
        self.tabs.addTab(self.agencies, _("Cơ quan"))
        self.tabs.addTab(self.locations, _("Kho và vị trí"))
        self.tabs.addTab(self.settings, _("Cài đặt"))
        self.tabs.addTab(self.templates, _("Mẫu in"))
        from .admin_authority import AuthorityTab
        self.authority = AuthorityTab(ctx)
        self.tabs.addTab(self.authority, _("Thẩm quyền"))
        self.legal = LegalBasesTab(ctx)
        self.tabs.addTab(self.legal, _("Căn cứ pháp lý"))
        self.holidays = HolidaysTab(ctx)
        self.tabs.addTab(self.holidays, _("Ngày nghỉ lễ"))

    def refresh(self, changes=None) -> None:
        if not self.refused:
            for tab in (self.users, self.agencies, self.locations):
                tab.reload()
