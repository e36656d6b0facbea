meta:
  id: elf
  title: ELF (Executable and Linkable Format) object file
  file-extension: [elf, o, so, ko, axf]
  license: MIT
doc: |
  hexbuf's built-in ELF spec, written from the System V ABI (the ELF
  object file format, gABI): the identification bytes, then the ELF header
  in the file's own class (32 or 64 bits) and byte order (the types inside
  `header` inherit it), with the program
  header table, the section header table and each section's name from the
  section-name string table as instances at the offsets the header gives.
seq:
  - id: magic
    contents: [0x7f, "ELF"]
  - id: bits
    type: u1
    enum: bits
    valid:
      any-of: [bits::b32, bits::b64]
  - id: endian
    type: u1
    enum: endian
    valid:
      any-of: [endian::le, endian::be]
  - id: ident_version
    type: u1
  - id: os_abi
    type: u1
    enum: os_abi
  - id: abi_version
    type: u1
  - id: pad
    size: 7
  - id: header
    type: header
instances:
  is_64:
    value: bits == bits::b64
types:
  header:
    meta:
      endian:
        switch-on: _root.endian
        cases:
          'endian::le': le
          'endian::be': be
    seq:
      - id: obj_type
        type: u2
        enum: obj_type
      - id: machine
        type: u2
        enum: machine
      - id: version
        type: u4
      - id: entry_point
        type:
          switch-on: _root.bits
          cases:
            'bits::b32': u4
            'bits::b64': u8
      - id: ofs_program_headers
        type:
          switch-on: _root.bits
          cases:
            'bits::b32': u4
            'bits::b64': u8
      - id: ofs_section_headers
        type:
          switch-on: _root.bits
          cases:
            'bits::b32': u4
            'bits::b64': u8
      - id: flags
        type: u4
      - id: len_header
        type: u2
      - id: len_program_header
        type: u2
      - id: num_program_headers
        type: u2
      - id: len_section_header
        type: u2
      - id: num_section_headers
        type: u2
      - id: section_names_idx
        type: u2
        doc: Index of the section that holds the section names.
    instances:
      program_headers:
        pos: ofs_program_headers
        size: len_program_header
        type: program_header
        repeat: expr
        repeat-expr: num_program_headers
      section_headers:
        pos: ofs_section_headers
        size: len_section_header
        type: section_header
        repeat: expr
        repeat-expr: num_section_headers
      section_names:
        pos: section_headers[section_names_idx].ofs_body
        size: section_headers[section_names_idx].len_body
        type: string_table
        if: section_names_idx > 0 and section_names_idx < num_section_headers
    types:
      program_header:
        seq:
          - id: segment_type
            type: u4
            enum: segment_type
          - id: flags64
            type: u4
            if: _root.is_64
          - id: ofs_body
            type:
              switch-on: _root.bits
              cases:
                'bits::b32': u4
                'bits::b64': u8
          - id: vaddr
            type:
              switch-on: _root.bits
              cases:
                'bits::b32': u4
                'bits::b64': u8
          - id: paddr
            type:
              switch-on: _root.bits
              cases:
                'bits::b32': u4
                'bits::b64': u8
          - id: len_file
            type:
              switch-on: _root.bits
              cases:
                'bits::b32': u4
                'bits::b64': u8
          - id: len_memory
            type:
              switch-on: _root.bits
              cases:
                'bits::b32': u4
                'bits::b64': u8
          - id: flags32
            type: u4
            if: not _root.is_64
          - id: align
            type:
              switch-on: _root.bits
              cases:
                'bits::b32': u4
                'bits::b64': u8
        instances:
          flags:
            value: '_root.is_64 ? flags64 : flags32'
            doc: PF_X = 1, PF_W = 2, PF_R = 4.
          is_executable:
            value: flags & 1 != 0
          is_writable:
            value: flags & 2 != 0
          is_readable:
            value: flags & 4 != 0
      section_header:
        seq:
          - id: ofs_name
            type: u4
            doc: Offset of the name in the section-name string table.
          - id: section_type
            type: u4
            enum: section_type
          - id: flags
            type:
              switch-on: _root.bits
              cases:
                'bits::b32': u4
                'bits::b64': u8
          - id: addr
            type:
              switch-on: _root.bits
              cases:
                'bits::b32': u4
                'bits::b64': u8
          - id: ofs_body
            type:
              switch-on: _root.bits
              cases:
                'bits::b32': u4
                'bits::b64': u8
          - id: len_body
            type:
              switch-on: _root.bits
              cases:
                'bits::b32': u4
                'bits::b64': u8
          - id: link
            type: u4
          - id: info
            type: u4
          - id: align
            type:
              switch-on: _root.bits
              cases:
                'bits::b32': u4
                'bits::b64': u8
          - id: len_entry
            type:
              switch-on: _root.bits
              cases:
                'bits::b32': u4
                'bits::b64': u8
        instances:
          name:
            io: _parent.section_names._io
            pos: ofs_name
            type: strz
            encoding: ASCII
            if: _parent.section_names_idx > 0 and _parent.section_names_idx < _parent.num_section_headers
          body:
            io: _root._io
            pos: ofs_body
            size: len_body
            if: section_type != section_type::nobits and section_type != section_type::null_type
      string_table:
        doc: NUL-terminated names, read at the offsets that refer to them.
        seq:
          - id: data
            size-eos: true
enums:
  bits:
    1: b32
    2: b64
  endian:
    1: le
    2: be
  os_abi:
    0: system_v
    1: hp_ux
    2: netbsd
    3: linux
    6: solaris
    7: aix
    8: irix
    9: freebsd
    10: tru64
    12: openbsd
    97: arm
    255: standalone
  obj_type:
    0: no_file_type
    1: relocatable
    2: executable
    3: shared
    4: core
  machine:
    0: no_machine
    2: sparc
    3: x86
    8: mips
    20: powerpc
    21: powerpc64
    22: s390
    40: arm
    42: superh
    43: sparcv9
    50: ia_64
    62: x86_64
    183: aarch64
    243: riscv
    247: bpf
    258: loongarch
  segment_type:
    0: null_type
    1: load
    2: dynamic
    3: interp
    4: note
    5: shlib
    6: phdr
    7: tls
    0x6474e550: gnu_eh_frame
    0x6474e551: gnu_stack
    0x6474e552: gnu_relro
    0x6474e553: gnu_property
  section_type:
    0: null_type
    1: progbits
    2: symtab
    3: strtab
    4: rela
    5: hash
    6: dynamic
    7: note
    8: nobits
    9: rel
    10: shlib
    11: dynsym
    14: init_array
    15: fini_array
    16: preinit_array
    17: group
    18: symtab_shndx
    0x6ffffff5: gnu_attributes
    0x6ffffff6: gnu_hash
    0x6ffffffd: gnu_verdef
    0x6ffffffe: gnu_verneed
    0x6fffffff: gnu_versym
